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
  /** GetHistory calls run through the server before it reports SERVING, for callers the read models know; 0: none. */
  readonly warmUpCalls: number;
  /** Admission control and the store breaker; off only to measure without them. */
  readonly admissionControl: boolean;
  /**
   * Serve from a thread of its own (serve), with its own history reader thread on the configured store,
   * instead of this thread over HISTORY_QUERY: calls never wait behind HTTP ingest on the event loop.
   */
  readonly thread: boolean;
}

export const DEFAULT_GRPC_SERVER_OPTIONS: GrpcServerModuleOptions = {
  host: '127.0.0.1',
  port: 50051,
  deadlineMs: 150,
  shutdownTimeoutMs: 5000,
  warmUpCalls: 0,
  admissionControl: true,
  thread: false,
};

/** The warm-up never holds the start longer than this. */
export const WARM_UP_BUDGET_MS = 5000;
