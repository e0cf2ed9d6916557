import type { Writable } from 'node:stream';
import {
  DEVELOPMENT_ISSUER,
  developmentKeyDirectory,
  DevelopmentKeyError,
  type DevelopmentKeyStore,
  FileDevelopmentKeyStore,
  signToken,
  type TokenClaims,
  tokenLifetimeSeconds,
} from '@app/auth';
import { type Clock, systemClock } from '@app/clock';
import type { HindsightConfig } from '@app/config';
import { CommandError, write } from './output';

export interface TokenOptions {
  /** `sub`: the agent's userId, or the service's name with `scopes`. */
  readonly user: string;
  readonly workspace?: string;
  /** A service token with these scopes; none: an agent token. */
  readonly scopes?: readonly string[];
  /** `30s`, `15m`, `12h`, `7d`. */
  readonly expires: string;
}

/**
 * `hindsight token`: prints one signed token on stdout (so `$(hindsight token …)` works), with the
 * configured HS256 secret, or without a configured key with the development key (created if needed,
 * where `serve` finds it), which signs agent tokens only. A JWKS's tokens come from its provider.
 */
export async function mintToken(
  config: HindsightConfig,
  options: TokenOptions,
  stdout: Writable,
  clock: Clock = systemClock,
  developmentKeys: DevelopmentKeyStore = new FileDevelopmentKeyStore(developmentKeyDirectory(config.store, config.auth.dataDirectory)),
): Promise<void> {
  const lifetimeSeconds = tokenLifetimeSeconds(options.expires);
  if (lifetimeSeconds === undefined)
    throw new CommandError(`--expires must be a duration such as 30s, 15m, 12h or 7d (at most 366d), got "${options.expires}"`);
  const service = options.scopes !== undefined && options.scopes.length > 0;
  if (!service && options.workspace === undefined) {
    throw new CommandError('an agent token needs --workspace; a service token needs --scope (and --workspace only to restrict it)');
  }
  const claims: TokenClaims = {
    sub: options.user,
    ...(options.workspace === undefined ? {} : { ws: options.workspace }),
    ...(service ? { scope: options.scopes.join(' ') } : {}),
  };
  const { auth } = config;
  if (auth.jwksUrl !== undefined) {
    throw new CommandError(
      'tokens verified with HINDSIGHT_JWKS_URL come from that identity provider; hindsight token signs with HINDSIGHT_JWT_SECRET or the development key',
    );
  }
  let token: string;
  if (auth.jwtSecret !== undefined) {
    token = await signToken(auth.jwtSecret, claims, {
      lifetimeSeconds,
      issuer: auth.jwtIssuer,
      audience: auth.jwtAudience,
      now: clock.now(),
    });
  } else {
    if (service) {
      throw new CommandError(
        'the development key signs agent tokens only: a service token needs HINDSIGHT_JWT_SECRET (without a key, serve takes ingest and gRPC without a token, on loopback)',
      );
    }
    const key = await developmentKeys.loadOrCreate().catch((error: unknown) => {
      throw error instanceof DevelopmentKeyError ? new CommandError(error.message, { cause: error }) : error;
    });
    token = await signToken(key.secret, claims, { lifetimeSeconds, issuer: DEVELOPMENT_ISSUER, now: clock.now() });
  }
  await write(stdout, `${token}\n`);
}
