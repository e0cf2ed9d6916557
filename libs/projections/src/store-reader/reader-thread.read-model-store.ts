import type { IndexEntry } from '@app/history';
import { findContactDocumentsInSteps } from '../contact-documents.reads';
import type {
  CheckpointState,
  ContactDocuments,
  ContactDocumentsQuery,
  DocumentReference,
  DocumentReferenceField,
  DocumentsWithReferences,
  IndexHit,
  IndexQuery,
  QuarantineEntry,
  ReadModelStore,
} from '../read-model-store.port';
import type { StoreReader } from './store-reader';

/**
 * The read models of `serve`'s main thread on SQLite: read in the store reader thread, each read with its
 * deadline. Writes are not its to make: projection commits go through the writer thread, and refold
 * requests and resets are the CLI's.
 */
export class ReaderThreadReadModelStore implements ReadModelStore {
  constructor(private readonly reader: StoreReader) {}

  checkpoint(projector: string): Promise<number> {
    return this.reader.read('readModels.checkpoint', projector);
  }

  checkpointState(projector: string): Promise<CheckpointState> {
    return this.reader.read('readModels.checkpointState', projector);
  }

  load(references: readonly DocumentReference[]): Promise<Map<string, unknown>> {
    return this.reader.read('readModels.load', references);
  }

  commit(): Promise<void> {
    return Promise.reject(readOnly('commit'));
  }

  quarantined(projector: string): Promise<QuarantineEntry[]> {
    return this.reader.read('readModels.quarantined', projector);
  }

  refoldsRequested(projector: string): Promise<QuarantineEntry[]> {
    return this.reader.read('readModels.refoldsRequested', projector);
  }

  requestRefold(): Promise<number> {
    return Promise.reject(readOnly('requestRefold'));
  }

  quarantineCounts(projector: string): Promise<Map<string, number>> {
    return this.reader.read('readModels.quarantineCounts', projector);
  }

  documents<T>(collection: string, keys: readonly string[]): Promise<Map<string, T>> {
    return this.reader.read('readModels.documents', collection, keys) as Promise<Map<string, T>>;
  }

  find(query: IndexQuery): Promise<IndexHit[]> {
    return this.reader.read('readModels.find', query);
  }

  findDocuments<T>(query: IndexQuery): Promise<T[]> {
    return this.reader.read('readModels.findDocuments', query) as Promise<T[]>;
  }

  findDocumentsWithReferences<T, R>(query: IndexQuery, reference: DocumentReferenceField): Promise<DocumentsWithReferences<T, R>> {
    return this.reader.read('readModels.findDocumentsWithReferences', query, reference) as Promise<DocumentsWithReferences<T, R>>;
  }

  /** Reads in a row: the history calls of `serve` are the history reader thread's, not this one's. */
  findContactDocuments<C, T, R>(query: ContactDocumentsQuery): Promise<ContactDocuments<C, T, R>> {
    return findContactDocumentsInSteps<C, T, R>(this, query);
  }

  sample(index: IndexEntry['index'], limit: number): Promise<IndexEntry[]> {
    return this.reader.read('readModels.sample', index, limit);
  }

  reset(): Promise<void> {
    return Promise.reject(readOnly('reset'));
  }

  /** The thread belongs to the read side's module, which stops it. */
  async close(): Promise<void> {}
}

const readOnly = (method: string) =>
  new Error(`${method}: the read models of serve's main thread are read-only (writes go through the writer thread)`);
