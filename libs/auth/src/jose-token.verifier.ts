import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { type Clock, systemClock } from '@app/clock';
import { AuthError } from './auth.errors';
import type { Principal } from './principal';
import { principalFromClaims } from './token-claims.rule';
import type { TokenVerifier } from './token-verifier.port';

/** Where the verification keys come from. */
export type TokenKeys =
  | {
      readonly kind: 'secret';
      readonly secret: Uint8Array | string;
      readonly issuer?: string;
      readonly audience?: string;
      /** The development key: agent tokens only. */
      readonly agentsOnly?: boolean;
    }
  | { readonly kind: 'jwks'; readonly url: string; readonly issuer: string; readonly audience: string; readonly timeoutMs?: number };

/** Pinned: a token never chooses its own algorithm (no `none`, no HS256 signed with a public key). */
export const SECRET_ALGORITHMS = ['HS256'];
export const JWKS_ALGORITHMS = ['RS256', 'ES256'];
/** Clocks of the issuer and of this server disagree a little; more would extend every token's life. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** A JWKS fetch never holds a request longer (gRPC fails open meanwhile). */
const JWKS_TIMEOUT_MS = 2000;
/** How long fetched keys are used before they are fetched again; a token whose key is unknown refetches sooner (jose's cooldown, 30 s). */
const JWKS_MAX_AGE_MS = 10 * 60_000;

/** A JOSE error that says the keys could not be had, rather than that the token is bad. */
const KEY_SOURCE_ERRORS = new Set([errors.JWKSTimeout.code, errors.JWKSInvalid.code, errors.JOSEError.code]);

/** The verifier adapter on `jose`: an HS256 secret, or an identity provider's JWKS (RS256, ES256). */
export class JoseTokenVerifier implements TokenVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly remote?: ReturnType<typeof createRemoteJWKSet>;
  private readonly options: Omit<JWTVerifyOptions, 'currentDate'>;

  constructor(
    private readonly keys: TokenKeys,
    private readonly clock: Clock = systemClock,
  ) {
    if (keys.kind === 'secret') {
      // A KeyObject is imported into WebCrypto once (jose caches it), not at every verification.
      this.key = createSecretKey(typeof keys.secret === 'string' ? Buffer.from(keys.secret, 'utf8') : keys.secret);
    } else {
      this.remote = createRemoteJWKSet(new URL(keys.url), {
        timeoutDuration: keys.timeoutMs ?? JWKS_TIMEOUT_MS,
        cacheMaxAge: JWKS_MAX_AGE_MS,
      });
      this.key = this.remote;
    }
    this.options = {
      algorithms: keys.kind === 'secret' ? SECRET_ALGORITHMS : JWKS_ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // A token that never expires is never accepted.
      requiredClaims: ['exp'],
      ...(keys.issuer === undefined ? {} : { issuer: keys.issuer }),
      ...(keys.audience === undefined ? {} : { audience: keys.audience }),
    };
  }

  async verify(token: string): Promise<Principal> {
    let claims: Record<string, unknown>;
    try {
      const options = { ...this.options, currentDate: this.clock.now() };
      claims = (
        this.remote === undefined ? await jwtVerify(token, this.key as KeyObject, options) : await jwtVerify(token, this.remote, options)
      ).payload;
    } catch (error) {
      throw this.toAuthError(error);
    }
    const result = principalFromClaims(claims, { agentsOnly: this.keys.kind === 'secret' && this.keys.agentsOnly === true });
    if (!result.ok) throw new AuthError('UNAUTHENTICATED', result.reason);
    return result.principal;
  }

  /** Fetches the JWKS now (at start-up, then now and then), so that no call waits for it; nothing to do with a secret. */
  async refreshKeys(): Promise<void> {
    if (this.remote === undefined) return;
    try {
      await this.remote.reload();
    } catch (error) {
      throw this.toAuthError(error);
    }
  }

  private toAuthError(error: unknown): AuthError {
    const unauthenticated = (reason: string) => new AuthError('UNAUTHENTICATED', reason, { cause: error });
    if (error instanceof errors.JWTExpired) return unauthenticated('the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      return unauthenticated(
        error.reason === 'missing' ? `the token has no ${error.claim} claim` : `the token's ${error.claim} claim is not accepted`,
      );
    }
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return unauthenticated(`the token's algorithm is not accepted (${(this.options.algorithms ?? []).join(', ')} only)`);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) return unauthenticated("the token's signature does not verify");
    if (error instanceof errors.JWKSNoMatchingKey) return unauthenticated('no key of the JWKS matches the token');
    if (this.keys.kind === 'jwks' && (!(error instanceof errors.JOSEError) || KEY_SOURCE_ERRORS.has(error.code))) {
      // The provider is out of reach or answers nonsense: not the caller's fault, and never a reason to let it in.
      return new AuthError('AUTH_UNAVAILABLE', 'the keys to verify the token cannot be fetched (JWKS); retry later', { cause: error });
    }
    return unauthenticated('the token is malformed');
  }
}
