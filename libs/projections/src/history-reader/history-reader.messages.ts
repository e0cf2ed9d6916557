import type { HistoryRequest, HistoryResponse } from '@app/history';

/** Marks the threads `WorkerHistoryQuery` starts, so the bundle's entry point knows what to run. */
export const HISTORY_READER_KIND = 'hindsight-history-reader';

export interface HistoryReaderData {
  readonly kind: typeof HISTORY_READER_KIND;
  /** The SQLite store URL; the thread opens its own read connection. */
  readonly store: string;
}

/** A validated request whose `at` the main thread has already fixed (the thread has no clock of its own). */
export interface ReadHistory {
  readonly id: number;
  readonly request: HistoryRequest & { readonly at: string };
}

export interface ReaderFailure {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type FromHistoryReader =
  | { readonly type: 'ready' }
  | { readonly type: 'answered'; readonly id: number; readonly response: HistoryResponse }
  | { readonly type: 'failed'; readonly id: number; readonly failure: ReaderFailure };
