import type { MessagePort } from 'node:worker_threads';
import type { IndexEntry } from '@app/history';
import type { DocumentReference, DocumentWrite, IndexHit, IndexQuery, ReadModelStore } from '../read-model-store.port';
import type { CommitRequest, FromWriter } from './write-side.messages';

interface PendingCommit {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * The projection thread's read models: reads on its own connection, commits sent to the writer thread,
 * which owns the database's single write connection. The commit stays one transaction there (documents,
 * index and checkpoint), with the same checkpoint check.
 */
export class WriterCommitReadModelStore implements ReadModelStore {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCommit>();

  constructor(
    private readonly local: ReadModelStore,
    private readonly writer: MessagePort,
  ) {}

  /** The writer's answer to a commit. */
  settle(message: Exclude<FromWriter, { type: 'appended' }>): void {
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === 'committed') pending?.resolve();
    else pending?.reject(Object.assign(new Error(message.message), { code: message.code }));
  }

  commit(projector: string, writes: readonly DocumentWrite[], from: number, to: number): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: CommitRequest = { type: 'commit', id, projector, writes, from, to };
      this.writer.postMessage(request);
    });
  }

  checkpoint(projector: string): Promise<number> {
    return this.local.checkpoint(projector);
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

  sample(index: IndexEntry['index'], limit: number): Promise<IndexEntry[]> {
    return this.local.sample(index, limit);
  }

  reset(): Promise<void> {
    return this.local.reset();
  }

  async close(): Promise<void> {
    for (const { reject } of this.pending.values()) reject(new Error('the projection thread is closing'));
    this.pending.clear();
    await this.local.close();
  }
}
