import type { MessagePort } from 'node:worker_threads';
import type { AppendResult, EventRow } from '@app/event-store';
import type { ContactChanges } from '@app/history';
import type { EncodedError, ThreadProtocol } from '@app/thread-channel';
import type { DocumentWrite, QuarantineChanges, QuarantineFailure, QuarantineKey } from '../read-model-store.port';

/** What the writer and the projector threads start with. */
export interface WriteSideThreadData {
  readonly store: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  readonly projector: string;
  readonly projectionBatchSize: number;
  readonly lingerMilliseconds?: number;
  readonly idleMilliseconds: number;
  /** This thread's end of the channel between the writer and the projector. */
  readonly peer: MessagePort;
}

/** The main thread asks the writer thread to append (rows already validated and serialised). */
export type WriterThread = ThreadProtocol<{
  readonly requests: { readonly append: { readonly payload: readonly EventRow[]; readonly result: AppendResult } };
  readonly notices: Record<never, never>;
}>;

export interface ProjectionProgress {
  readonly checkpoint: number;
  readonly events: number;
  readonly milliseconds: number;
}

/**
 * The projector thread reports its batches to the main thread. Whoever appends wakes it: the writer thread
 * on SQLite, the main thread on PostgreSQL (MainThreadAppends).
 */
export type ProjectorThread = ThreadProtocol<
  {
    readonly requests: Record<never, never>;
    /** `watching`: whether live views listen on the main thread (the projector reports contact changes only then). */
    readonly notices: { readonly appended: undefined; readonly watching: boolean };
  },
  {
    readonly requests: Record<never, never>;
    readonly notices: {
      readonly resumed: { readonly checkpoint: number };
      readonly projected: ProjectionProgress;
      /** A batch with quarantine changes has committed (sent once per change, for the log and the metrics). */
      readonly quarantine: QuarantineReport;
      readonly 'projection-failed': EncodedError;
      /** A committed batch's contact changes, while live views listen. */
      readonly 'contacts-changed': ContactChanges;
    };
  }
>;

export interface QuarantineReport {
  readonly failed: readonly QuarantineFailure[];
  readonly refolded: readonly QuarantineKey[];
}

/** One projection batch, folded and serialised by the projector, committed by the writer with its checkpoint. */
export interface ProjectionCommit {
  readonly projector: string;
  readonly writes: readonly DocumentWrite[];
  readonly from: number;
  readonly to: number;
  readonly quarantine?: QuarantineChanges;
}

/** The projector thread asks the writer thread to commit its batches. */
export interface ProjectorToWriter {
  readonly requests: { readonly commit: { readonly payload: ProjectionCommit; readonly result: void } };
  readonly notices: Record<never, never>;
}

/** The writer thread tells the projector thread that new events were committed: look now, not after the idle delay. */
export interface WriterToProjector {
  readonly requests: Record<never, never>;
  readonly notices: { readonly appended: undefined };
}
