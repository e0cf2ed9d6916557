import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import {
  AUTH_SETTINGS,
  type AuthSettings,
  RESOLVED_TOKEN_KEYS,
  type ResolvedTokenKeys,
  TOKEN_VERIFIER,
  type TokenVerifier,
} from '@app/auth';
import { CLOCK, type Clock, systemClock } from '@app/clock';
import { HindsightConfig } from '@app/config';
import { HISTORY_QUERY, type HistoryQuery, type HistoryRequest } from '@app/history';
import { createLogger, EventLoopMonitor, type Logger } from '@app/observability';
import { historyWarmUpRequests, READ_MODEL_STORE, type ReadModelStore } from '@app/projections';
import { GrpcCallAuthenticator } from './grpc-call.authenticator';
import { startGrpcServer, type RunningGrpcServer } from './grpc-server';
import { GrpcServerThread } from './grpc-server.thread';
import { HistoryCallMetrics } from './history-call.metrics';
import { GRPC_SERVER_OPTIONS, type GrpcServerModuleOptions, WARM_UP_BUDGET_MS } from './grpc-server.options';

/**
 * Starts the gRPC server once the application is ready and stops it before the stores close: in this
 * thread over HISTORY_QUERY, or (`thread`, serve) in a thread of its own over the configured store.
 */
@Injectable()
export class GrpcServerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: RunningGrpcServer | GrpcServerThread;

  constructor(
    @Inject(HISTORY_QUERY) private readonly historyQuery: HistoryQuery,
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerModuleOptions,
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
    @Optional() @Inject(HindsightConfig) private readonly config?: HindsightConfig,
    @Optional() @Inject(READ_MODEL_STORE) private readonly readModels?: ReadModelStore,
    // From AuthModule (serve); without it, as without a configured key, calls are unauthenticated.
    @Optional() @Inject(AUTH_SETTINGS) private readonly authSettings?: AuthSettings,
    @Optional() @Inject(TOKEN_VERIFIER) private readonly tokenVerifier?: TokenVerifier,
    @Optional() private readonly eventLoop?: EventLoopMonitor,
    @Optional() private readonly metrics?: HistoryCallMetrics,
    @Optional() @Inject(RESOLVED_TOKEN_KEYS) private readonly tokenKeys?: ResolvedTokenKeys,
  ) {}

  /** The bound port (useful with port 0); undefined until started. */
  get port(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const logLevel = this.options.logLevel ?? this.config?.logLevel ?? 'info';
    const logger = createLogger(logLevel, 'hindsight-grpc');
    if (this.options.thread) {
      this.server = await this.startThread(logLevel, logger);
      return;
    }
    this.server = await startGrpcServer({
      host: this.options.host,
      port: this.options.port,
      historyQuery: this.historyQuery,
      deadlineMs: this.options.deadlineMs,
      logger,
      clock: this.clock ?? systemClock,
      ...(this.options.protoDirectory === undefined ? {} : { protoDirectory: this.options.protoDirectory }),
      warmUp: { requests: await this.warmUpRequests(logger), budgetMs: WARM_UP_BUDGET_MS },
      ...(this.authSettings?.serviceTokensRequired ? { authenticator: new GrpcCallAuthenticator(this.tokenVerifier!) } : {}),
      admissionControl: this.options.admissionControl,
      ...(this.metrics === undefined ? {} : { metrics: this.metrics }),
      ...(this.eventLoop === undefined ? {} : { eventLoop: this.eventLoop.start() }),
    });
  }

  /** serve's way: the server in a thread of its own, on the configured store, with the system clock. */
  private async startThread(logLevel: string, logger: Logger): Promise<GrpcServerThread> {
    if (!this.config) throw new Error('the gRPC thread needs the configuration (ConfigModule): it opens the store itself');
    const serviceTokens = this.authSettings?.serviceTokensRequired === true;
    if (serviceTokens && !this.tokenKeys) throw new Error('the gRPC thread needs the token keys (AuthModule) to verify service tokens');
    const thread = new GrpcServerThread(
      {
        store: this.config.store,
        historyReadConnections: this.config.historyReadConnections,
        host: this.options.host,
        port: this.options.port,
        deadlineMs: this.options.deadlineMs,
        logLevel,
        ...(this.options.protoDirectory === undefined ? {} : { protoDirectory: this.options.protoDirectory }),
        warmUp: { requests: await this.warmUpRequests(logger), budgetMs: WARM_UP_BUDGET_MS },
        ...(serviceTokens ? { tokenKeys: this.tokenKeys!.keys } : {}),
        admissionControl: this.options.admissionControl,
        shutdownTimeoutMs: this.options.shutdownTimeoutMs,
      },
      logger,
    );
    await thread.start();
    return thread;
  }

  /** None without read models (a server over another query) or when an error prevents sampling them. */
  private async warmUpRequests(logger: Logger): Promise<HistoryRequest[]> {
    if (!this.readModels || this.options.warmUpCalls === 0) return [];
    try {
      return await historyWarmUpRequests(this.readModels, this.options.warmUpCalls);
    } catch (error) {
      logger.warn({ err: error }, 'gRPC warm-up skipped: the read models could not be sampled');
      return [];
    }
  }

  /** The calls' figures for `/metrics` (the gRPC thread's, when it serves); none before the server starts. */
  async historyMetricsLines(): Promise<string[]> {
    if (this.server instanceof GrpcServerThread) return this.server.metricsLines();
    return this.server === undefined ? [] : (this.metrics?.prometheusLines() ?? []);
  }

  // Before (not on) shutdown: calls in flight still reach a working read model while they drain.
  async beforeApplicationShutdown(): Promise<void> {
    if (this.server instanceof GrpcServerThread) await this.server.stop();
    else await this.server?.stop(this.options.shutdownTimeoutMs);
    this.eventLoop?.stop();
  }
}
