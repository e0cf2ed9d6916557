/** DI token of the development key store port. */
export const DEVELOPMENT_KEY_STORE = Symbol('DEVELOPMENT_KEY_STORE');

/** Issuer of the tokens the development key signs: only those verify with it. */
export const DEVELOPMENT_ISSUER = 'hindsight-development';

export interface DevelopmentKey {
  /** 256 random bits, the HS256 key. */
  readonly secret: Uint8Array;
  /** Where it is kept (to tell the operator). */
  readonly location: string;
  /** Whether this call created it. */
  readonly created: boolean;
}

/**
 * The key that signs agent tokens when no key is configured (development, `npm start`): created once,
 * then the same one, so tokens minted before a restart still verify after it.
 */
export interface DevelopmentKeyStore {
  loadOrCreate(): Promise<DevelopmentKey>;
}
