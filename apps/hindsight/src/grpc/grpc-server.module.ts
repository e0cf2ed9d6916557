import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { GrpcServerLifecycle } from './grpc-server.lifecycle';
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
      providers: [{ provide: GRPC_SERVER_OPTIONS, useValue: { ...DEFAULT_GRPC_SERVER_OPTIONS, ...options } }, GrpcServerLifecycle],
      exports: [GrpcServerLifecycle],
    };
  }
}
