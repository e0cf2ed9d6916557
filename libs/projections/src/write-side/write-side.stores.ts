import { parseStoreUrl } from '@app/config';
import { type EventStore, openEventStore, SqliteEventStore } from '@app/event-store';
import { openReadModelStore } from '../read-model-store.factory';
import type { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import type { WriteSideThreadData } from './write-side.protocol';

/** Event store and read models of one write-side thread; on SQLite they share one connection (and its page cache). */
export async function openWriteSideStores(data: WriteSideThreadData): Promise<{ events: EventStore; readModels: ReadModelStore }> {
  const location = parseStoreUrl(data.store);
  if (location.engine === 'sqlite') {
    const events = new SqliteEventStore(location.target, { synchronous: data.sqliteSynchronous });
    return { events, readModels: new SqliteReadModelStore(location.target, events.database) };
  }
  return { events: await openEventStore(data.store), readModels: await openReadModelStore(data.store) };
}
