import type { Principal } from './principal';

/** DI token of the token verifier port. */
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Checks a bearer token (signature, algorithm, expiry, issuer, audience) and says who it speaks for. */
export interface TokenVerifier {
  /**
   * The principal of a valid token. Rejects with an `AuthError`: UNAUTHENTICATED for a token that does
   * not verify, AUTH_UNAVAILABLE when the keys cannot be had (a JWKS out of reach).
   */
  verify(token: string): Promise<Principal>;
}
