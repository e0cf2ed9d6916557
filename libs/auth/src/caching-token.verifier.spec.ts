import { SignJWT } from 'jose';
import type { Clock } from '@app/clock';
import { AuthError } from './auth.errors';
import { CachingTokenVerifier } from './caching-token.verifier';
import type { Principal } from './principal';
import type { TokenVerifier } from './token-verifier.port';

const START = Date.parse('2026-11-20T12:00:00.000Z');

function movableClock(): Clock & { advance(milliseconds: number): void } {
  let now = START;
  return { now: () => new Date(now), advance: (milliseconds) => void (now += milliseconds) };
}

const tokenExpiringIn = (seconds: number, sub = 'camille') =>
  new SignJWT({ sub, ws: 'acme' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(START / 1000 + seconds)
    .sign(new TextEncoder().encode('k'.repeat(32)));

/** Counts verifications; valid unless the token is in `refused`. */
function countingVerifier(refused = new Set<string>()): TokenVerifier & { calls: number } {
  return {
    calls: 0,
    async verify(token: string): Promise<Principal> {
      this.calls += 1;
      if (refused.has(token)) throw new AuthError('UNAUTHENTICATED', 'bad');
      return { kind: 'agent', userId: 'camille', workspaceId: 'acme' };
    },
  };
}

describe('CachingTokenVerifier', () => {
  it('verifies a token once, then answers from memory until its maximum age', async () => {
    const clock = movableClock();
    const inner = countingVerifier();
    const verifier = new CachingTokenVerifier(inner, { maxEntries: 10, maxAgeMs: 60_000 }, clock);
    const token = await tokenExpiringIn(3600);
    for (let call = 0; call < 5; call += 1) await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'camille' });
    expect(inner.calls).toBe(1);
    clock.advance(60_001);
    await verifier.verify(token);
    expect(inner.calls).toBe(2);
  });

  it('never answers from memory past the token expiry', async () => {
    const clock = movableClock();
    const inner = countingVerifier();
    const verifier = new CachingTokenVerifier(inner, { maxEntries: 10, maxAgeMs: 60_000 }, clock);
    const token = await tokenExpiringIn(5);
    await verifier.verify(token);
    clock.advance(5_000);
    await verifier.verify(token);
    expect(inner.calls).toBe(2);
  });

  it('remembers no failure: a refused token is checked (and refused) every time', async () => {
    const token = await tokenExpiringIn(3600);
    const inner = countingVerifier(new Set([token]));
    const verifier = new CachingTokenVerifier(inner, { maxEntries: 10, maxAgeMs: 60_000 }, movableClock());
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(inner.calls).toBe(2);
  });

  it('forgets the oldest token beyond its size', async () => {
    const inner = countingVerifier();
    const verifier = new CachingTokenVerifier(inner, { maxEntries: 2, maxAgeMs: 60_000 }, movableClock());
    const [first, second, third] = await Promise.all(['a', 'b', 'c'].map((sub) => tokenExpiringIn(3600, sub)));
    for (const token of [first, second, third]) await verifier.verify(token);
    await verifier.verify(third);
    await verifier.verify(second);
    expect(inner.calls).toBe(3);
    await verifier.verify(first);
    expect(inner.calls).toBe(4);
  });
});
