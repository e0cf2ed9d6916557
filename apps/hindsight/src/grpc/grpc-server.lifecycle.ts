import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { CLOCK, type Clock, systemClock } from '@app/clock';
import { HindsightConfig } from '@app/config';
import { HISTORY_QUERY, type HistoryQuery } from '@app/history';
import { createLogger } from '@app/observability';
import { startGrpcServer, type RunningGrpcServer } from './grpc-server';
import { GRPC_SERVER_OPTIONS, type GrpcServerModuleOptions } from './grpc-server.options';

/** Starts the gRPC server once the application is ready and stops it before the stores close. */
@Injectable()
export class GrpcServerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: RunningGrpcServer;

  constructor(
    @Inject(HISTORY_QUERY) private readonly historyQuery: HistoryQuery,
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerModuleOptions,
    @Optional() @Inject(CLOCK) private readonly clock?: Clock,
    @Optional() @Inject(HindsightConfig) private readonly config?: HindsightConfig,
  ) {}

  /** The bound port (useful with port 0); undefined until started. */
  get port(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = await startGrpcServer({
      host: this.options.host,
      port: this.options.port,
      historyQuery: this.historyQuery,
      deadlineMs: this.options.deadlineMs,
      logger: createLogger(this.options.logLevel ?? this.config?.logLevel ?? 'info', 'hindsight-grpc'),
      clock: this.clock ?? systemClock,
      ...(this.options.protoDirectory === undefined ? {} : { protoDirectory: this.options.protoDirectory }),
    });
  }

  // Before (not on) shutdown: calls in flight still reach a working read model while they drain.
  async beforeApplicationShutdown(): Promise<void> {
    await this.server?.stop(this.options.shutdownTimeoutMs);
  }
}
