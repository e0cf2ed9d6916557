import type { TokenKeys } from '@app/auth';
import type { HistoryRequest } from '@app/history';
import type { ThreadProtocol } from '@app/thread-channel';

/** What serve's gRPC thread starts with: everything it needs to serve on its own (it has no DI container). */
export interface GrpcThreadData {
  /** The store URL: the thread starts its own history reader thread on it. */
  readonly store: string;
  /** On PostgreSQL, the history reader's pool size (HINDSIGHT_HISTORY_READ_CONNECTIONS). */
  readonly historyReadConnections: number;
  readonly host: string;
  readonly port: number;
  readonly deadlineMs: number;
  readonly logLevel: string;
  readonly protoDirectory?: string;
  /** Sampled by the main thread from the read models (the gRPC thread has no store of its own). */
  readonly warmUp: { readonly requests: readonly HistoryRequest[]; readonly budgetMs: number };
  /** The keys service tokens are verified with; none: calls are unauthenticated (no key configured). */
  readonly tokenKeys?: TokenKeys;
  readonly admissionControl: boolean;
  /** How long calls in flight may take to finish when the thread is stopped. */
  readonly shutdownTimeoutMs: number;
}

/** The main thread asks the gRPC thread where it listens and for its calls' figures (`/metrics`). */
export type GrpcThread = ThreadProtocol<{
  readonly requests: {
    readonly address: { readonly payload: undefined; readonly result: { readonly port: number } };
    readonly metrics: { readonly payload: undefined; readonly result: string[] };
  };
  readonly notices: Record<never, never>;
}>;
