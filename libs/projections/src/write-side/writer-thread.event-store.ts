import {
  type AppendResult,
  type EventRow,
  eventRow,
  type EventStore,
  type ReadOptions,
  type ReadPage,
  type StoredEvent,
  type StoreFootprint,
} from '@app/event-store';
import type { HindsightEvent } from '@app/events';
import type { WriteSideThreads } from './write-side-threads';

/** What an event store reads (and closes), without its appends. */
export type EventStoreReads = Pick<EventStore, 'engine' | 'read' | 'readStream' | 'readAll' | 'headPosition' | 'footprint' | 'close'>;

/**
 * The EVENT_STORE of a server whose write side runs in threads: appends are serialised here (on the
 * thread that validated them) and written by the writer thread; reads go to `local`: in `serve` on
 * SQLite the store reader thread (a synchronous read here would hold the event loop), otherwise a store
 * opened on this thread.
 */
export class WriterThreadEventStore implements EventStore {
  constructor(
    private readonly local: EventStoreReads,
    private readonly writeSide: WriteSideThreads,
  ) {}

  get engine(): EventStore['engine'] {
    return this.local.engine;
  }

  append(events: readonly HindsightEvent[]): Promise<AppendResult> {
    return this.writeSide.appendRows(events.map(eventRow));
  }

  appendRows(rows: readonly EventRow[]): Promise<AppendResult> {
    return this.writeSide.appendRows(rows);
  }

  read(options?: ReadOptions): Promise<ReadPage> {
    return this.local.read(options);
  }

  readStream(streamId: string, options?: Pick<ReadOptions, 'fromPosition' | 'limit'>): Promise<ReadPage> {
    return this.local.readStream(streamId, options);
  }

  readAll(options?: Omit<ReadOptions, 'limit'> & { readonly pageSize?: number }): AsyncIterable<StoredEvent> {
    return this.local.readAll(options);
  }

  headPosition(): Promise<number> {
    return this.local.headPosition();
  }

  footprint(): Promise<StoreFootprint> {
    return this.local.footprint();
  }

  /** Closes this thread's reads; the write-side threads are stopped by their own lifecycle. */
  close(): Promise<void> {
    return this.local.close();
  }
}
