import type { Clock } from '@app/clock';
import { EventStoreError } from './event-store.errors';
import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore, type SqliteOptions } from './sqlite/sqlite-event-store';

export const DEFAULT_STORE_URL = 'sqlite:./data/hindsight.db';

export interface StoreLocation {
  readonly engine: 'sqlite' | 'postgres';
  readonly target: string;
}

/** `sqlite:PATH` (a file; `sqlite::memory:` for tests) or `postgres://…` / `postgresql://…`. */
export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const target = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!target) throw new EventStoreError('STORE_URL_INVALID', `store URL "${url}" has no file path (e.g. sqlite:./data/hindsight.db)`);
    return { engine: 'sqlite', target };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: 'postgres', target: url };
  throw new EventStoreError('STORE_URL_INVALID', `store URL "${url}" must start with sqlite: or postgres://`);
}

/** A redacted form of the URL, safe for logs. */
export function describeStoreUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

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
