import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import { AuthError, bearerToken, type Principal, type TokenVerifier } from '@app/auth';

/** Who the server's own warm-up calls are: history for every workspace, nothing else. */
const WARM_UP_PRINCIPAL: Principal = { kind: 'service', service: 'hindsight-warm-up', scopes: ['history:read'] };

/**
 * Authenticates a gRPC call by its `authorization: Bearer …` metadata. The server's own warm-up calls
 * (before it reports SERVING) carry a random pass instead, valid only until the warm-up ends: the
 * server cannot mint a token of an identity provider, and its read path must be warm all the same.
 */
export class GrpcCallAuthenticator {
  private warmUpPass?: string;

  constructor(private readonly verifier: TokenVerifier) {}

  async authenticate(metadata: Metadata): Promise<Principal> {
    const values = metadata.get('authorization');
    if (values.length > 1) throw new AuthError('UNAUTHENTICATED', 'more than one authorization metadata entry');
    const bearer = bearerToken(typeof values[0] === 'string' ? values[0] : undefined);
    if (!bearer.ok) throw new AuthError('UNAUTHENTICATED', bearer.reason);
    if (this.warmUpPass !== undefined && isPass(bearer.token, this.warmUpPass)) return WARM_UP_PRINCIPAL;
    return this.verifier.verify(bearer.token);
  }

  /** The `authorization` value of the warm-up calls, until `endWarmUp()`. */
  beginWarmUp(): string {
    this.warmUpPass = randomBytes(32).toString('base64url');
    return `Bearer ${this.warmUpPass}`;
  }

  endWarmUp(): void {
    this.warmUpPass = undefined;
  }
}

function isPass(token: string, pass: string): boolean {
  return token.length === pass.length && timingSafeEqual(Buffer.from(token), Buffer.from(pass));
}
