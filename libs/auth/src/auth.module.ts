import { type DynamicModule, Inject, Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock, systemClock } from '@app/clock';
import { hasConfiguredKey, HindsightConfig } from '@app/config';
import { createLogger, type Logger } from '@app/observability';
import { AUTH_SETTINGS, type AuthSettings } from './auth.settings';
import { CachingTokenVerifier, DEFAULT_TOKEN_CACHE } from './caching-token.verifier';
import { developmentKeyDirectory, FileDevelopmentKeyStore } from './development-key.file';
import { DEVELOPMENT_KEY_STORE, type DevelopmentKeyStore } from './development-key.store';
import { JoseTokenVerifier, type TokenKeys } from './jose-token.verifier';
import { resolveTokenKeys, type ResolvedTokenKeys } from './token-keys';
import { TOKEN_VERIFIER } from './token-verifier.port';

/** DI token of the keys tokens are verified with (ResolvedTokenKeys): a thread that verifies tokens builds its verifier from them. */
export const RESOLVED_TOKEN_KEYS = Symbol('RESOLVED_TOKEN_KEYS');
/** Keys of a JWKS are fetched again this often, in the background, so that no call waits for them. */
const JWKS_REFRESH_MS = 5 * 60_000;

/**
 * Fetches a JWKS now, then every JWKS_REFRESH_MS, so that no call waits for it (nothing to do with a
 * secret). Returns what stops the refresh. A failed fetch is not fatal: calls are refused as unavailable
 * (gRPC fails open) until the provider answers.
 */
export async function keepTokenKeysFresh(keys: TokenKeys, verifier: JoseTokenVerifier, logger: Logger): Promise<() => void> {
  if (keys.kind !== 'jwks') return () => undefined;
  const refresh = () =>
    verifier
      .refreshKeys()
      .catch((error: unknown) => logger.warn({ err: error }, 'auth: the JWKS cannot be fetched; tokens cannot be verified until it can'));
  await refresh();
  const timer = setInterval(() => void refresh(), JWKS_REFRESH_MS).unref();
  return () => clearInterval(timer);
}

/** Fetches the JWKS before the servers start, then keeps it fresh; says in the log which keys verify tokens. */
@Injectable()
class TokenKeysLifecycle implements OnModuleInit, OnModuleDestroy {
  private stopRefresh?: () => void;

  constructor(
    @Inject(RESOLVED_TOKEN_KEYS) private readonly resolved: ResolvedTokenKeys,
    private readonly verifier: JoseTokenVerifier,
    private readonly config: HindsightConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const logger = createLogger(this.config.logLevel, 'hindsight-auth');
    logger.info({ keys: this.resolved.source }, `auth: ${this.resolved.description}`);
    this.stopRefresh = await keepTokenKeysFresh(this.resolved.keys, this.verifier, logger);
  }

  onModuleDestroy(): void {
    this.stopRefresh?.();
  }
}

/**
 * Bearer-token authentication for `serve`: the verifier port (TOKEN_VERIFIER: the configured HS256
 * secret or JWKS, else the development key, created on first start, for agent tokens only) and
 * AUTH_SETTINGS. Global, so that `AuthGuard` (`@AgentEndpoint()`, `@ServiceEndpoint()`) and the gRPC
 * server find them from any module. Needs `ConfigModule.forRoot(config)`.
 */
@Module({})
export class AuthModule {
  static forRoot(): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: AUTH_SETTINGS,
          inject: [HindsightConfig],
          useFactory: (config: HindsightConfig): AuthSettings => ({ serviceTokensRequired: hasConfiguredKey(config.auth) }),
        },
        {
          provide: DEVELOPMENT_KEY_STORE,
          inject: [HindsightConfig],
          useFactory: (config: HindsightConfig) =>
            new FileDevelopmentKeyStore(developmentKeyDirectory(config.store, config.auth.dataDirectory)),
        },
        {
          provide: RESOLVED_TOKEN_KEYS,
          inject: [HindsightConfig, DEVELOPMENT_KEY_STORE],
          useFactory: (config: HindsightConfig, store: DevelopmentKeyStore) => resolveTokenKeys(config.auth, store),
        },
        {
          provide: JoseTokenVerifier,
          inject: [RESOLVED_TOKEN_KEYS, { token: CLOCK, optional: true }],
          useFactory: (resolved: ResolvedTokenKeys, clock?: Clock) => new JoseTokenVerifier(resolved.keys, clock ?? systemClock),
        },
        {
          provide: TOKEN_VERIFIER,
          inject: [JoseTokenVerifier, { token: CLOCK, optional: true }],
          useFactory: (verifier: JoseTokenVerifier, clock?: Clock) =>
            new CachingTokenVerifier(verifier, DEFAULT_TOKEN_CACHE, clock ?? systemClock),
        },
        TokenKeysLifecycle,
      ],
      exports: [AUTH_SETTINGS, TOKEN_VERIFIER, RESOLVED_TOKEN_KEYS],
    };
  }
}
