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

/** The collection each index holds (an index holds one). */
export const INDEX_COLLECTIONS: Readonly<Record<IndexEntry['index'], string>> = {
  'activity-by-contact': 'activity',
  'contact-by-identifier': 'contact',
  'session-by-contact': 'session',
};

/**
 * A field of the found documents that names another document: its key is `keyPrefix` followed by the
 * field's value (an activity's `conversationId` and the prefix `conversationKeyPrefix` gives).
 */
export interface DocumentReferenceField {
  readonly collection: string;
  readonly field: string;
  readonly keyPrefix: string;
}

/** What `findDocumentsWithReferences` reads: the documents found, and the documents they name by key. */
export interface DocumentsWithReferences<T, R> {
  readonly documents: T[];
  readonly references: Map<string, R>;
}

/** A caller's contact: its document by key (the caller gave its id), else the newest hit of this index query. */
export type ContactLookup = DocumentReference | { readonly query: IndexQuery };

/**
 * A caller's documents, read together (`findContactDocuments`): documents by key, the caller's contact,
 * and `findDocumentsWithReferences` over the asked identifiers plus those the contact lists.
 */
export interface ContactDocumentsQuery {
  /** Documents read alongside, by key (a history call's inbox). */
  readonly documents: readonly DocumentReference[];
  readonly contact: ContactLookup;
  /** The contact document's field listing its identifiers: looked for with `query.identifiers` (a missing field adds none). */
  readonly identifiersField: string;
  readonly query: IndexQuery;
  readonly reference: DocumentReferenceField;
}

export interface ContactDocuments<C, T, R> extends DocumentsWithReferences<T, R> {
  /** `documents` by `documentId(collection, key)` (missing ones are absent). */
  readonly byKey: Map<string, unknown>;
  readonly contact?: C;
}

export interface IndexHit {
  readonly key: string;
  readonly sortKey: string;
  /** The entry's scope (an activity's inbox): enough to check who may see it without reading the document. */
  readonly scope: string;
}

/** One event that one projection (named by its collection) could not fold. */
export interface QuarantineKey {
  readonly position: number;
  readonly collection: string;
}

/** A fold that threw, as recorded: what identifies the event and the error, never the event's body. */
export interface QuarantineFailure extends QuarantineKey {
  readonly eventId: string;
  readonly eventType: string;
  readonly workspaceId: string;
  readonly errorName: string;
  readonly errorMessage: string;
  /** When the fold threw (UTC ISO). */
  readonly failedAt: string;
}

/** A quarantine entry (a dead letter of the read side), as stored. */
export interface QuarantineEntry extends Omit<QuarantineFailure, 'failedAt'> {
  readonly projector: string;
  readonly firstQuarantinedAt: string;
  readonly lastFailedAt: string;
  /** Folds that threw: 1, then one more for each re-fold that threw again. */
  readonly attempts: number;
  /** Set by `hindsight quarantine retry` until a projector has re-folded the event. */
  readonly retryRequestedAt?: string;
}

/**
 * What a batch changes in the quarantine, committed in its transaction. `refolds` counts the batches
 * that re-folded quarantined events: like the checkpoint, the commit refuses (CheckpointConflictError)
 * if it is not at `from`. A re-fold commits without moving the checkpoint, so this is what tells a
 * projector holding uncommitted documents (a running `serve`) that another process rewrote some.
 */
export interface QuarantineChanges {
  readonly refolds: { readonly from: number; readonly to: number };
  /** Recorded; for an entry already there (a re-fold that threw again), its error, time and attempts are updated and its retry request cleared. */
  readonly failed: readonly QuarantineFailure[];
  /** Entries whose re-fold succeeded: deleted. */
  readonly refolded: readonly QuarantineKey[];
}

/** Where a projector's next commit must start. */
export interface CheckpointState {
  readonly position: number;
  readonly refolds: number;
}

/**
 * Documents, their secondary index, the projection checkpoint and the quarantine (events a projection
 * could not fold), in the same database as the events. `commit` writes a batch's documents, its
 * quarantine changes and the checkpoint in one transaction, and refuses if the checkpoint is not where
 * this projector left it (another projector got there first).
 */
export interface ReadModelStore {
  checkpoint(projector: string): Promise<number>;
  checkpointState(projector: string): Promise<CheckpointState>;
  /** Current documents by `documentId(collection, key)`. */
  load(references: readonly DocumentReference[]): Promise<Map<string, unknown>>;
  /** Without `quarantine`, the quarantine and the re-fold count are left alone (tests writing documents directly). */
  commit(projector: string, writes: readonly DocumentWrite[], from: number, to: number, quarantine?: QuarantineChanges): Promise<void>;
  /** Every quarantine entry of a projector, by position then collection. */
  quarantined(projector: string): Promise<QuarantineEntry[]>;
  /** Entries whose re-fold was asked for: read at every batch, so it must stay cheap (a partial index). */
  refoldsRequested(projector: string): Promise<QuarantineEntry[]>;
  /** Asks for a re-fold of the entries at `positions` (every entry: 'all'); returns how many were marked. */
  requestRefold(projector: string, positions: readonly number[] | 'all', at: string): Promise<number>;
  /** Entries by collection (collections without any are absent). */
  quarantineCounts(projector: string): Promise<Map<string, number>>;
  /** Documents of one collection by key (missing keys are absent from the map). */
  documents<T>(collection: string, keys: readonly string[]): Promise<Map<string, T>>;
  /** Index hits, distinct keys, newest sort key first (ties: key descending); an index holds one collection. */
  find(query: IndexQuery): Promise<IndexHit[]>;
  /** The documents of `find`'s hits, in its order (missing documents are skipped): one round trip where the engine allows. */
  findDocuments<T>(query: IndexQuery): Promise<T[]>;
  /**
   * `findDocuments`, and the documents they name by `reference.field` (documents without the field, or
   * naming a missing document, name none): one round trip where the engine allows, since a history
   * call's activities and their conversations would otherwise be two in a row.
   */
  findDocumentsWithReferences<T, R>(query: IndexQuery, reference: DocumentReferenceField): Promise<DocumentsWithReferences<T, R>>;
  /**
   * What a history call reads, in one round trip where the engine allows (one statement on PostgreSQL):
   * resolving the caller's contact first and reading its activities after would be two in a row.
   */
  findContactDocuments<C, T, R>(query: ContactDocumentsQuery): Promise<ContactDocuments<C, T, R>>;
  /** Up to `limit` entries of an index, the first in storage order: real requests to warm the read path with. */
  sample(index: IndexEntry['index'], limit: number): Promise<IndexEntry[]>;
  /** Deletes every document, index entry, checkpoint and quarantine entry (a rebuild starts from here, and quarantines again what still fails). */
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
