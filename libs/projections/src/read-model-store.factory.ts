import { parseStoreUrl } from '@app/config';
import { PostgresReadModelStore, type PostgresReadModelStoreOptions } from './postgres/postgres-read-model-store';
import type { ReadModelStore } from './read-model-store.port';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';

/** Read models live in the same database as the events: the same store URL opens both. */
export async function openReadModelStore(url: string, postgres: PostgresReadModelStoreOptions = {}): Promise<ReadModelStore> {
  const location = parseStoreUrl(url);
  return location.engine === 'sqlite'
    ? new SqliteReadModelStore(location.target)
    : PostgresReadModelStore.connect(location.target, postgres);
}
