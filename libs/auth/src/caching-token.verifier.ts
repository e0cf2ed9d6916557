import { decodeJwt } from 'jose';
import { type Clock, systemClock } from '@app/clock';
import type { Principal } from './principal';
import type { TokenVerifier } from './token-verifier.port';

export interface TokenCacheOptions {
  /** Tokens remembered at most; the oldest is forgotten first. */
  readonly maxEntries: number;
  /** A verified token is trusted again without checking for at most this long (and never past its `exp`). */
  readonly maxAgeMs: number;
}

export const DEFAULT_TOKEN_CACHE: TokenCacheOptions = { maxEntries: 1000, maxAgeMs: 60_000 };

/**
 * Remembers tokens that verified. The voice agent sends the same service token with every call: the
 * signature is checked once a minute instead of thousands of times a second (an HS256 check through
 * WebCrypto costs tens of microseconds; RS256 more), so auth adds a map lookup to the gRPC deadline.
 * Only successes are remembered: a token that failed is checked again (and cannot fill the cache).
 */
export class CachingTokenVerifier implements TokenVerifier {
  private readonly entries = new Map<string, { readonly principal: Principal; readonly until: number }>();

  constructor(
    private readonly inner: TokenVerifier,
    private readonly options: TokenCacheOptions = DEFAULT_TOKEN_CACHE,
    private readonly clock: Clock = systemClock,
  ) {}

  async verify(token: string): Promise<Principal> {
    const now = this.clock.now().getTime();
    const entry = this.entries.get(token);
    if (entry !== undefined) {
      if (entry.until > now) return entry.principal;
      this.entries.delete(token);
    }
    const principal = await this.inner.verify(token);
    // The token has just verified, so its claims can be read as they are; the inner verifier required `exp`.
    const expiresAt = (decodeJwt(token).exp ?? 0) * 1000;
    const until = Math.min(expiresAt, now + this.options.maxAgeMs);
    if (until > now) {
      this.entries.set(token, { principal, until });
      if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return principal;
  }
}
