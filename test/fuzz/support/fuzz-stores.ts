import { DatabaseSync } from 'node:sqlite';
import type { Client } from 'pg';
import type { EventStore, StoredEvent } from '@app/event-store';
import type { HindsightEvent } from '@app/events';
import { foldEvents, HINDSIGHT_PROJECTIONS, parseDocumentId } from '@app/history';

/**
 * Empties every table of a PostgreSQL test database (events, read models, checkpoints, whatever the
 * schema holds by then), through `client` connected to it, so that each run of a property starts from
 * an empty store without the cost of a new database. The adapters keep no state of their own.
 */
export async function emptyPostgresDatabase(client: Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(`SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`);
  // DELETE, not TRUNCATE: on a few rows it is several times faster (TRUNCATE rewrites every table file).
  for (const { name } of rows) await client.query(`DELETE FROM ${name}`);
}

/** The same for a SQLite test database, through a connection of its own (the stores keep theirs open). */
export function emptySqliteDatabase(path: string): void {
  const database = new DatabaseSync(path);
  try {
    const tables = database.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{
      name: string;
    }>;
    database.exec(`BEGIN IMMEDIATE; ${tables.map(({ name }) => `DELETE FROM "${name.replaceAll('"', '""')}";`).join(' ')} COMMIT;`);
  } finally {
    database.close();
  }
}

export async function allStoredEvents(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readAll({ pageSize: 1000 })) events.push(event);
  return events;
}

/**
 * Events folded through every history projection from nothing, each changed document indexed and
 * serialised, as the engine does: throws what a projection throws. Independent of the engine, so a
 * fold failure shows even where the engine quarantines the event and moves on.
 */
export function foldLikeTheEngine(events: readonly HindsightEvent[]): void {
  for (const [id, document] of foldEvents(HINDSIGHT_PROJECTIONS, events)) {
    const projection = HINDSIGHT_PROJECTIONS.find((candidate) => candidate.collection === parseDocumentId(id).collection);
    projection?.indexEntries?.(document);
    JSON.stringify(document);
  }
}

/** `foldLikeTheEngine` over stored events, decoded from their payloads as the engine decodes them. */
export const foldStored = (events: readonly StoredEvent[]): void =>
  foldLikeTheEngine(events.map((event) => JSON.parse(event.payload) as HindsightEvent));
