import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';

/** What a token says; an agent token has `ws` and no `scope`, a service token has `scope` (see token-claims.rule.ts). */
export interface TokenClaims {
  readonly sub: string;
  readonly ws?: string;
  readonly scope?: string;
}

export interface SignOptions {
  readonly lifetimeSeconds: number;
  readonly issuer?: string;
  readonly audience?: string;
  readonly now: Date;
}

/** An HS256 token, as `hindsight token` mints it for operators and demos (identity providers mint their own). */
export function signToken(secret: Uint8Array | string, claims: TokenClaims, options: SignOptions): Promise<string> {
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  let jwt = new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.lifetimeSeconds);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt = jwt.setAudience(options.audience);
  return jwt.sign(createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret));
}
