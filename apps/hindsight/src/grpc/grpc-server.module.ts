import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { EventLoopMonitor } from '@app/observability';
import { GrpcServerLifecycle } from './grpc-server.lifecycle';
import { HistoryCallMetrics } from './history-call.metrics';
import { DEFAULT_GRPC_SERVER_OPTIONS, GRPC_SERVER_OPTIONS, type GrpcServerModuleOptions } from './grpc-server.options';

/**
 * Serves the history query over gRPC while the application runs. HISTORY_QUERY comes from a global
 * module or from one of `imports`; CLOCK and HindsightConfig (log level) are used when provided.
 */
@Module({})
export class GrpcServerModule {
  static forRoot(options: Partial<GrpcServerModuleOptions> = {}, imports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: GrpcServerModule,
      imports,
      providers: [
        { provide: GRPC_SERVER_OPTIONS, useValue: { ...DEFAULT_GRPC_SERVER_OPTIONS, ...options } },
        // The serving thread's loop (this one, when the server runs in place), and the calls' counters that /metrics prints.
        { provide: EventLoopMonitor, useFactory: () => new EventLoopMonitor() },
        {
          provide: HistoryCallMetrics,
          useFactory: (eventLoop: EventLoopMonitor) => new HistoryCallMetrics(eventLoop),
          inject: [EventLoopMonitor],
        },
        GrpcServerLifecycle,
      ],
      exports: [GrpcServerLifecycle, HistoryCallMetrics],
    };
  }
}
