import type { MessagePort } from 'node:worker_threads';
import type { AppendResult, EventRow } from '@app/event-store';
import type { DocumentWrite } from '../read-model-store.port';

/** Marks the threads started by `WriteSideWorker` (the bundle's entry point checks it). */
export const WRITE_SIDE_WORKER_KIND = 'hindsight-write-side';

export interface WriteSideWorkerData {
  readonly kind: typeof WRITE_SIDE_WORKER_KIND;
  /** The writer appends and commits; the projector reads, folds and hands its batches to the writer. */
  readonly role: 'writer' | 'projector';
  readonly store: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  readonly projector: string;
  readonly projectionBatchSize: number;
  readonly idleMilliseconds: number;
  /** The writer's and the projector's ends of the channel between them. */
  readonly peer: MessagePort;
}

/** From the main thread to either thread. */
export type ToWriteSide =
  | { readonly type: 'append'; readonly id: number; readonly rows: readonly EventRow[] }
  | { readonly type: 'wake' }
  | { readonly type: 'stop' };

/** From either thread to the main thread. */
export type FromWriteSide =
  | { readonly type: 'ready'; readonly checkpoint?: number }
  | { readonly type: 'appended'; readonly id: number; readonly result: AppendResult }
  | { readonly type: 'append-failed'; readonly id: number; readonly code?: string; readonly message: string }
  | { readonly type: 'projected'; readonly checkpoint: number; readonly events: number; readonly milliseconds: number }
  | { readonly type: 'projection-failed'; readonly message: string }
  | { readonly type: 'stopped' };

/** From the projector to the writer. */
export interface CommitRequest {
  readonly type: 'commit';
  readonly id: number;
  readonly projector: string;
  readonly writes: readonly DocumentWrite[];
  readonly from: number;
  readonly to: number;
}

/** From the writer to the projector. */
export type FromWriter =
  | { readonly type: 'committed'; readonly id: number }
  | { readonly type: 'commit-failed'; readonly id: number; readonly code?: string; readonly message: string }
  /** New events were committed: look now rather than after the idle delay. */
  | { readonly type: 'appended' };
