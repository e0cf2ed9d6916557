import type { IndexEntry } from '@app/history';
import type { ThreadChannel } from '@app/thread-channel';
import type {
  CheckpointState,
  ContactDocuments,
  ContactDocumentsQuery,
  DocumentReference,
  DocumentReferenceField,
  DocumentsWithReferences,
  DocumentWrite,
  IndexHit,
  IndexQuery,
  QuarantineChanges,
  QuarantineEntry,
  ReadModelStore,
} from '../read-model-store.port';
import type { ProjectorToWriter, WriterToProjector } from './write-side.protocol';

/**
 * The projector thread's read models: reads on its own connection, commits sent to the writer thread,
 * which owns the database's single write connection. The commit stays one transaction there (documents,
 * index and checkpoint), with the same checkpoint check.
 */
export class WriterCommitReadModelStore implements ReadModelStore {
  constructor(
    private readonly local: ReadModelStore,
    private readonly writer: ThreadChannel<ProjectorToWriter, WriterToProjector>,
  ) {}

  commit(projector: string, writes: readonly DocumentWrite[], from: number, to: number, quarantine?: QuarantineChanges): Promise<void> {
    return this.writer.request('commit', { projector, writes, from, to, quarantine });
  }

  checkpoint(projector: string): Promise<number> {
    return this.local.checkpoint(projector);
  }

  checkpointState(projector: string): Promise<CheckpointState> {
    return this.local.checkpointState(projector);
  }

  quarantined(projector: string): Promise<QuarantineEntry[]> {
    return this.local.quarantined(projector);
  }

  refoldsRequested(projector: string): Promise<QuarantineEntry[]> {
    return this.local.refoldsRequested(projector);
  }

  /** A write, but a single small one that the CLI makes, not the projector: on this thread's connection. */
  requestRefold(projector: string, positions: readonly number[] | 'all', at: string): Promise<number> {
    return this.local.requestRefold(projector, positions, at);
  }

  quarantineCounts(projector: string): Promise<Map<string, number>> {
    return this.local.quarantineCounts(projector);
  }

  load(references: readonly DocumentReference[]): Promise<Map<string, unknown>> {
    return this.local.load(references);
  }

  documents<T>(collection: string, keys: readonly string[]): Promise<Map<string, T>> {
    return this.local.documents<T>(collection, keys);
  }

  find(query: IndexQuery): Promise<IndexHit[]> {
    return this.local.find(query);
  }

  findDocuments<T>(query: IndexQuery): Promise<T[]> {
    return this.local.findDocuments<T>(query);
  }
  findDocumentsWithReferences<T, R>(query: IndexQuery, reference: DocumentReferenceField): Promise<DocumentsWithReferences<T, R>> {
    return this.local.findDocumentsWithReferences<T, R>(query, reference);
  }

  findContactDocuments<C, T, R>(query: ContactDocumentsQuery): Promise<ContactDocuments<C, T, R>> {
    return this.local.findContactDocuments<C, T, R>(query);
  }

  sample(index: IndexEntry['index'], limit: number): Promise<IndexEntry[]> {
    return this.local.sample(index, limit);
  }

  reset(): Promise<void> {
    return this.local.reset();
  }

  async close(): Promise<void> {
    this.writer.close('the projector thread is closing');
    await this.local.close();
  }
}
