import type { PoolConfig } from 'pg';
import { type Clock, systemClock } from '@app/clock';
import type { HindsightEvent } from '@app/events';
import { dedupeBatch } from '../batch-dedupe';
import type { AppendResult, EventStore, ReadOptions, ReadPage, StoredEvent, StoreFootprint } from '../event-store.port';
import { type EventRow, normaliseRead, readAllPages, toPage, toRow } from '../read-options';
import { EventStoreError } from '../event-store.errors';
import { PostgresDatabase } from './postgres-database';
import { APPEND_LOCK_KEY, APPEND_NEW_REFUSED, MIGRATION_LOCK_KEY, POSTGRES_SCHEMA } from './postgres.schema';

interface Row {
  position: string;
  event_id: string;
  stream_id: string;
  type: string;
  workspace_id: string;
  event_time: Date;
  recorded_at: Date;
  payload: string;
}

const COLUMNS = 'position, event_id, stream_id, type, workspace_id, event_time, recorded_at, payload';

/** The rows as the column arrays the inserts unnest. */
const columns = (rows: readonly EventRow[]) => [
  rows.map((row) => row.eventId),
  rows.map((row) => row.streamId),
  rows.map((row) => row.type),
  rows.map((row) => row.workspaceId),
  rows.map((row) => row.time),
  rows.map((row) => row.payload),
];

const toStored = (row: Row): StoredEvent => ({
  position: Number(row.position),
  eventId: row.event_id,
  streamId: row.stream_id,
  type: row.type,
  workspaceId: row.workspace_id,
  time: row.event_time.toISOString(),
  recordedAt: row.recorded_at.toISOString(),
  payload: row.payload,
});

/**
 * PostgreSQL event store. Appenders serialise on a transaction-scoped advisory lock and assign
 * positions max+1 inside it: a transaction's positions become visible only when it commits, and the
 * next appender cannot take the lock before that, so readers never see a later position before an
 * earlier one (no gaps, even with many concurrent writers). Dedupe checks run under the same lock.
 * The lock is held until the commit is on disk, so the round trips inside it bound the appends per
 * second: a batch of new ids takes one (`hindsight_append_new`, a statement that is its own transaction);
 * a batch holding a stored or repeated id, five.
 */
export class PostgresEventStore implements EventStore {
  readonly engine = 'postgres';
  private constructor(
    private readonly database: PostgresDatabase,
    private readonly clock: Clock,
  ) {}

  static async connect(
    connectionString: string,
    options: { readonly clock?: Clock; readonly pool?: Omit<PoolConfig, 'connectionString'> } = {},
  ): Promise<PostgresEventStore> {
    const database = new PostgresDatabase(connectionString, 'PostgreSQL', options.pool);
    try {
      await database.transaction(async (client) => {
        // The schema may wait for another process's migration: no statement limit here.
        await client.query('SET LOCAL statement_timeout = 0');
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        await client.query(POSTGRES_SCHEMA);
      });
    } catch (error) {
      await database.close();
      throw new EventStoreError('STORE_UNAVAILABLE', `cannot open PostgreSQL store: ${(error as Error).message}`, { cause: error });
    }
    return new PostgresEventStore(database, options.clock ?? systemClock);
  }

  async append(events: readonly HindsightEvent[]): Promise<AppendResult> {
    return this.appendRows(events.map(toRow));
  }

  async appendRows(rows: readonly EventRow[]): Promise<AppendResult> {
    if (rows.length === 0) return { outcomes: [], appended: 0, duplicates: 0 };
    const recordedAt = this.clock.now().toISOString();
    // Most batches repeat no id, in themselves or of the log: one statement takes the lock, reads the head,
    // checks the ids against the unique index and inserts, or inserts nothing if an id is stored already.
    if (new Set(rows.map((row) => row.eventId)).size === rows.length) {
      const appended = await this.appendNew(rows, recordedAt);
      if (appended) return appended;
    }
    return this.database.transaction(
      async (client) => {
        const existing = await client.query<{ event_id: string; position: string }>(
          'SELECT event_id, position FROM events WHERE event_id = ANY($1::text[])',
          [rows.map((row) => row.eventId)],
        );
        const stored = new Map(existing.rows.map((row) => [row.event_id, Number(row.position)]));
        const head = await client.query<{ head: string }>('SELECT COALESCE(MAX(position), 0) AS head FROM events');
        const { fresh, firstPosition, outcomes } = dedupeBatch(rows, stored, Number(head.rows[0].head));
        if (fresh.length > 0) {
          await client.query(
            `INSERT INTO events (position, event_id, stream_id, type, workspace_id, event_time, recorded_at, payload)
             SELECT $1::bigint + batch.ordinal, event_id, stream_id, type, workspace_id, event_time, $8::timestamptz, payload
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[]) WITH ORDINALITY
               AS batch (event_id, stream_id, type, workspace_id, event_time, payload, ordinal)`,
            [firstPosition - 1, ...columns(fresh), recordedAt],
          );
        }
        return { outcomes, appended: fresh.length, duplicates: outcomes.length - fresh.length };
      },
      { advisoryLock: APPEND_LOCK_KEY },
    );
  }

  /** One round trip; undefined when an id of `rows` is stored already (nothing was inserted). */
  private async appendNew(rows: readonly EventRow[], recordedAt: string): Promise<AppendResult | undefined> {
    try {
      const inserted = await this.database.prepared<{ appended_id: string; appended_position: string }>(
        'SELECT appended_id, appended_position FROM hindsight_append_new($1, $2, $3, $4, $5, $6, $7)',
        [...columns(rows), recordedAt],
      );
      const positions = new Map(inserted.map((row) => [row.appended_id, Number(row.appended_position)]));
      const outcomes = rows.map((row) => ({ eventId: row.eventId, position: positions.get(row.eventId)!, duplicate: false }));
      return { outcomes, appended: rows.length, duplicates: 0 };
    } catch (error) {
      if ((error as { cause?: { code?: unknown } }).cause?.code === APPEND_NEW_REFUSED) return undefined;
      throw error;
    }
  }

  async read(options?: ReadOptions): Promise<ReadPage> {
    const read = normaliseRead(options);
    const parameters: unknown[] = [read.fromPosition];
    const conditions = ['position >= $1'];
    const add = (condition: string, value: unknown) => {
      parameters.push(value);
      conditions.push(condition.replace('?', `$${parameters.length}`));
    };
    if (read.types) add('type = ANY(?::text[])', read.types);
    if (read.workspaceId !== undefined) add('workspace_id = ?', read.workspaceId);
    if (read.fromTime !== undefined) add('event_time >= ?::timestamptz', read.fromTime);
    if (read.toTime !== undefined) add('event_time < ?::timestamptz', read.toTime);
    parameters.push(read.limit);
    // Prepared (one statement per combination of conditions): the projector reads a page per batch.
    const result = await this.database.prepared<Row>(
      `SELECT ${COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT $${parameters.length}`,
      parameters,
    );
    return toPage(result.map(toStored), read.fromPosition, read.limit);
  }

  async readStream(streamId: string, options?: Pick<ReadOptions, 'fromPosition' | 'limit'>): Promise<ReadPage> {
    const read = normaliseRead(options);
    const result = await this.database.prepared<Row>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND position >= $2 ORDER BY position LIMIT $3`,
      [streamId, read.fromPosition, read.limit],
    );
    return toPage(result.map(toStored), read.fromPosition, read.limit);
  }

  readAll(options?: Omit<ReadOptions, 'limit'> & { readonly pageSize?: number }): AsyncIterable<StoredEvent> {
    return readAllPages(this, options);
  }

  async headPosition(): Promise<number> {
    const result = await this.database.query<{ head: string }>('SELECT COALESCE(MAX(position), 0) AS head FROM events');
    return Number(result[0].head);
  }

  async footprint(): Promise<StoreFootprint> {
    const result = await this.database.query<{ events: string; bytes: string }>(
      "SELECT (SELECT COUNT(*) FROM events) AS events, pg_total_relation_size('events') AS bytes",
    );
    return { events: Number(result[0].events), bytes: Number(result[0].bytes) };
  }

  async close(): Promise<void> {
    await this.database.close();
  }
}
