import type { AppendResult, EventRow } from '@app/event-store';

/** Marks a worker thread started by `WriteSideWorker` (the bundle's entry point checks it). */
export const WRITE_SIDE_WORKER_KIND = 'hindsight-write-side';

export interface WriteSideWorkerData {
  readonly kind: typeof WRITE_SIDE_WORKER_KIND;
  readonly store: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  readonly projector: string;
  readonly projectionBatchSize: number;
  readonly idleMilliseconds: number;
}

export type ToWriteSide =
  | { readonly type: 'append'; readonly id: number; readonly rows: readonly EventRow[] }
  | { readonly type: 'wake' }
  | { readonly type: 'stop' };

export type FromWriteSide =
  | { readonly type: 'ready'; readonly checkpoint: number }
  | { readonly type: 'appended'; readonly id: number; readonly result: AppendResult }
  | { readonly type: 'append-failed'; readonly id: number; readonly code?: string; readonly message: string }
  | { readonly type: 'projected'; readonly checkpoint: number; readonly events: number; readonly milliseconds: number }
  | { readonly type: 'projection-failed'; readonly message: string }
  | { readonly type: 'stopped' };
