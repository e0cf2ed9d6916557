import type { Clock } from '@app/clock';
import { parseStoreUrl } from '@app/config';
import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore, type SqliteOptions } from './sqlite/sqlite-event-store';

export interface OpenOptions extends SqliteOptions {
  /** Stamps `recordedAt`; the system clock by default. */
  readonly clock?: Clock;
}

export async function openEventStore(url: string, options: OpenOptions = {}): Promise<EventStore> {
  const location = parseStoreUrl(url);
  return location.engine === 'sqlite'
    ? new SqliteEventStore(location.target, options)
    : PostgresEventStore.connect(location.target, { clock: options.clock });
}
