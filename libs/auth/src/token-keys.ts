import { type AuthConfig } from '@app/config';
import { DEVELOPMENT_ISSUER, type DevelopmentKeyStore } from './development-key.store';
import type { TokenKeys } from './jose-token.verifier';

/** The keys tokens are verified with, and a line for the log saying which. */
export interface ResolvedTokenKeys {
  readonly keys: TokenKeys;
  /** A configured key (HS256 secret or JWKS), or the development key (agent tokens only). */
  readonly source: 'secret' | 'jwks' | 'development';
  readonly description: string;
}

/**
 * A configured key wins, and the development key is then never read nor created. Without one, the
 * development key (created on first use) verifies agent tokens only, issued by `hindsight token`.
 */
export async function resolveTokenKeys(auth: AuthConfig, developmentKeys: DevelopmentKeyStore): Promise<ResolvedTokenKeys> {
  if (auth.jwtSecret !== undefined) {
    return {
      keys: { kind: 'secret', secret: auth.jwtSecret, issuer: auth.jwtIssuer, audience: auth.jwtAudience },
      source: 'secret',
      description: 'HS256 tokens signed with HINDSIGHT_JWT_SECRET',
    };
  }
  if (auth.jwksUrl !== undefined) {
    return {
      keys: { kind: 'jwks', url: auth.jwksUrl, issuer: auth.jwtIssuer!, audience: auth.jwtAudience! },
      source: 'jwks',
      description: `RS256/ES256 tokens of the JWKS ${auth.jwksUrl}`,
    };
  }
  const key = await developmentKeys.loadOrCreate();
  return {
    keys: { kind: 'secret', secret: key.secret, issuer: DEVELOPMENT_ISSUER, agentsOnly: true },
    source: 'development',
    description: `agent tokens signed with the development key ${key.location}${key.created ? ' (created now)' : ''}`,
  };
}
