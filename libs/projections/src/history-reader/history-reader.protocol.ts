import type { HistoryRequest, HistoryResponse } from '@app/history';
import type { ThreadProtocol } from '@app/thread-channel';

/** What the history reader thread starts with. */
export interface HistoryReaderThreadData {
  /** The SQLite store URL; the thread opens its own read connection. */
  readonly store: string;
  /** On PostgreSQL, the thread's pool size (HINDSIGHT_HISTORY_READ_CONNECTIONS). */
  readonly postgresConnections?: number;
}

/** A validated request whose `at` the asking thread has already fixed (the thread has no clock of its own). */
export type ReaderRequest = HistoryRequest & { readonly at: string };

/** The thread that serves gRPC (serve's gRPC thread) asks the history reader thread for histories. */
export type HistoryReaderThread = ThreadProtocol<{
  readonly requests: { readonly getHistory: { readonly payload: ReaderRequest; readonly result: HistoryResponse } };
  readonly notices: Record<never, never>;
}>;
