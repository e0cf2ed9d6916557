import type { IndexEntry } from '@app/history';

/** DI token of the read model store port. */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');

export interface DocumentReference {
  readonly collection: string;
  readonly key: string;
}

/**
 * The new state of one document, as JSON text (undefined deletes it): serialised by the projection
 * engine, so that a batch crosses to the writer thread as strings. Index entries are written as a
 * difference: most updates (a transcript, a summary) leave a document's entries unchanged and cost no
 * index write.
 */
export interface DocumentWrite extends DocumentReference {
  readonly documentJson: string | undefined;
  readonly addedIndexEntries: readonly IndexEntry[];
  readonly removedIndexEntries: readonly IndexEntry[];
}

export interface IndexQuery {
  readonly index: IndexEntry['index'];
  readonly workspaceId: string;
  readonly identifiers: readonly string[];
  /** Only entries of this scope (an inbox); all scopes when absent. */
  readonly scope?: string;
  /** Inclusive range on the sort key. */
  readonly fromSortKey?: string;
  readonly toSortKey?: string;
  readonly limit: number;
}

export interface IndexHit {
  readonly key: string;
  readonly sortKey: string;
}

/**
 * Documents, their secondary index and the projection checkpoint, in the same database as the events.
 * `commit` writes a batch's documents and moves the checkpoint in one transaction, and refuses if the
 * checkpoint is not where this projector left it (another projector got there first).
 */
export interface ReadModelStore {
  checkpoint(projector: string): Promise<number>;
  /** Current documents by `documentId(collection, key)`. */
  load(references: readonly DocumentReference[]): Promise<Map<string, unknown>>;
  commit(projector: string, writes: readonly DocumentWrite[], from: number, to: number): Promise<void>;
  /** Documents of one collection by key (missing keys are absent from the map). */
  documents<T>(collection: string, keys: readonly string[]): Promise<Map<string, T>>;
  /** Index hits, distinct keys, newest sort key first (ties: key descending); an index holds one collection. */
  find(query: IndexQuery): Promise<IndexHit[]>;
  /** Up to `limit` entries of an index, the first in storage order: real requests to warm the read path with. */
  sample(index: IndexEntry['index'], limit: number): Promise<IndexEntry[]>;
  /** Deletes every document, index entry and checkpoint (a rebuild starts from here). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export class CheckpointConflictError extends Error {
  readonly code = 'CHECKPOINT_CONFLICT';
  constructor(projector: string, expected: number) {
    super(`projector ${projector} expected checkpoint ${expected}, but another projector moved it`);
    this.name = 'CheckpointConflictError';
  }
}
