import type { Clock } from '@app/clock';
import { parseStoreUrl } from '@app/config';
import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore, type SqliteOptions } from './sqlite/sqlite-event-store';

export interface OpenOptions extends SqliteOptions {
  /** Stamps `recordedAt`; the system clock by default. */
  readonly clock?: Clock;
  /**
   * PostgreSQL: the server cancels a statement that runs longer (STORE_UNAVAILABLE), for a store that
   * only reads on behalf of people waiting (serve's main thread); none for one that appends or replays.
   */
  readonly statementTimeoutMs?: number;
}

export async function openEventStore(url: string, options: OpenOptions = {}): Promise<EventStore> {
  const location = parseStoreUrl(url);
  return location.engine === 'sqlite'
    ? new SqliteEventStore(location.target, options)
    : PostgresEventStore.connect(location.target, {
        clock: options.clock,
        ...(options.statementTimeoutMs === undefined ? {} : { pool: { statement_timeout: options.statementTimeoutMs } }),
      });
}
