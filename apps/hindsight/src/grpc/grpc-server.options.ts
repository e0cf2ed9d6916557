/** DI token of the gRPC server's options. */
export const GRPC_SERVER_OPTIONS = Symbol('GRPC_SERVER_OPTIONS');

export interface GrpcServerModuleOptions {
  /** Interface to listen on. Loopback by default: exposing it (0.0.0.0) is a deployment decision. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** How long a history query may take before the fail-open answer. */
  readonly deadlineMs: number;
  /** How long calls in flight may take to finish on shutdown before they are cut. */
  readonly shutdownTimeoutMs: number;
  /** pino level; the application's configured level when absent. */
  readonly logLevel?: string;
  /** Where `hindsight/v1/history.proto` lives; found by walking up from the code when absent. */
  readonly protoDirectory?: string;
}

export const DEFAULT_GRPC_SERVER_OPTIONS: GrpcServerModuleOptions = {
  host: '127.0.0.1',
  port: 50051,
  deadlineMs: 150,
  shutdownTimeoutMs: 5000,
};
