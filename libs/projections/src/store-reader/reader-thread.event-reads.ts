import { type ReadOptions, type ReadPage, readAllPages, type StoredEvent, type StoreFootprint } from '@app/event-store';
import type { EventStoreReads } from '../write-side/writer-thread.event-store';
import type { StoreReader } from './store-reader';

/** The event log's reads of `serve`'s main thread on SQLite: in the store reader thread, each with its deadline. */
export class ReaderThreadEventReads implements EventStoreReads {
  readonly engine = 'sqlite';

  constructor(private readonly reader: StoreReader) {}

  read(options?: ReadOptions): Promise<ReadPage> {
    return this.reader.read('events.read', options);
  }

  readStream(streamId: string, options?: Pick<ReadOptions, 'fromPosition' | 'limit'>): Promise<ReadPage> {
    return this.reader.read('events.readStream', streamId, options);
  }

  /** Page by page, each page a read of its own (with its own deadline). */
  readAll(options?: Omit<ReadOptions, 'limit'> & { readonly pageSize?: number }): AsyncIterable<StoredEvent> {
    return readAllPages(this, options);
  }

  headPosition(): Promise<number> {
    return this.reader.read('events.headPosition');
  }

  footprint(): Promise<StoreFootprint> {
    return this.reader.read('events.footprint');
  }

  /** The thread belongs to the read side's module, which stops it. */
  async close(): Promise<void> {}
}
