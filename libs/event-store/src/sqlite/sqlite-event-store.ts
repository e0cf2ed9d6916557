import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type Clock, systemClock } from '@app/clock';
import type { HindsightEvent } from '@app/events';
import { EventStoreError } from '../event-store.errors';
import { dedupeBatch, type DedupedBatch } from '../batch-dedupe';
import type { AppendResult, EventStore, ReadOptions, ReadPage, StoredEvent, StoreFootprint } from '../event-store.port';
import { type EventRow, normaliseRead, readAllPages, toPage, toRow } from '../read-options';
import { SQLITE_SCHEMA } from './sqlite.schema';

export interface SqliteOptions {
  /** `FULL` (default) syncs the WAL on every commit: an acknowledged batch survives a power cut. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's transaction. */
  readonly busyTimeoutMs?: number;
  readonly clock?: Clock;
}

/** Rows are read as arrays (cheaper than objects with named keys) in this column order. */
type Row = [
  position: number,
  eventId: string,
  streamId: string,
  type: string,
  workspaceId: string,
  time: string,
  recordedAt: string,
  payload: string,
];

const COLUMNS = 'position, event_id, stream_id, type, workspace_id, event_time, recorded_at, payload';

const toStored = (row: Row): StoredEvent => ({
  position: row[0],
  eventId: row[1],
  streamId: row[2],
  type: row[3],
  workspaceId: row[4],
  time: row[5],
  recordedAt: row[6],
  payload: row[7],
});

const NOTHING_STORED: ReadonlyMap<string, number> = new Map();

/**
 * Embedded event store in one SQLite file (WAL). SQLite has a single writer, so `BEGIN IMMEDIATE`
 * serialises appends across processes: the stored ids and the head read inside it stay true until the
 * commit, and the positions `dedupeBatch` gives (max+1 onwards, the rowid) form a gap-free total order.
 */
export class SqliteEventStore implements EventStore {
  readonly engine = 'sqlite';
  /** The connection, shared by the read models when one thread does all the writing (the writer thread). */
  readonly database: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly storedPositions: StatementSync;
  private readonly readQueries = new Map<string, StatementSync>();
  private readonly clock: Clock;

  constructor(
    readonly path: string,
    options: SqliteOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    try {
      // Inside the try: a directory that cannot be created (a file in the way, no permission) is a store that cannot open.
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.database = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 30_000 });
      // 16 KiB pages suit 1-3 KiB events (fewer pages per batch); only takes effect on a new file.
      this.database.exec('PRAGMA page_size = 16384;');
      this.database.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous ?? 'FULL'};`);
      this.database.exec('PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 8192;');
      this.database.exec(SQLITE_SCHEMA);
    } catch (error) {
      throw new EventStoreError('STORE_UNAVAILABLE', `cannot open SQLite store ${path}: ${(error as Error).message}`, { cause: error });
    }
    this.insert = this.database.prepare(
      `INSERT INTO events (position, event_id, stream_id, type, workspace_id, event_time, recorded_at, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    );
    // The batch's ids go in as one JSON array: one statement whatever the batch size, one index search per id.
    this.storedPositions = this.database.prepare(
      'SELECT events.event_id, events.position FROM json_each(?) AS batch JOIN events ON events.event_id = batch.value',
    );
    this.storedPositions.setReturnArrays(true);
  }

  async append(events: readonly HindsightEvent[]): Promise<AppendResult> {
    return this.appendRows(events.map(toRow));
  }

  async appendRows(rows: readonly EventRow[]): Promise<AppendResult> {
    const recordedAt = this.clock.now().toISOString();
    let batch: DedupedBatch<EventRow>;
    try {
      this.database.exec('BEGIN IMMEDIATE');
      // Redeliveries are rare: the batch is first written as if none of its ids were stored, the unique
      // index catching any that is (looking every id up first cost 5-8% of append throughput)…
      batch = dedupeBatch(rows, NOTHING_STORED, this.head());
      if (!this.insertFresh(batch, recordedAt)) {
        // …then undone and written again knowing which are. Not a savepoint: it would copy every page
        // the batch changes, redelivery or not.
        this.database.exec('ROLLBACK');
        this.database.exec('BEGIN IMMEDIATE');
        batch = dedupeBatch(rows, this.storedPositionsOf(rows), this.head());
        if (!this.insertFresh(batch, recordedAt)) throw new Error('an id looked up as new was already stored');
      }
      this.database.exec('COMMIT');
    } catch (error) {
      if (this.database.isOpen && this.database.isTransaction) this.database.exec('ROLLBACK');
      // Like the PostgreSQL adapter: a closed, busy, full or failing database is the store being
      // unavailable, which transports report as such (HTTP 503) instead of an unexplained error.
      throw new EventStoreError('STORE_UNAVAILABLE', `SQLite store ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    return { outcomes: batch.outcomes, appended: batch.fresh.length, duplicates: rows.length - batch.fresh.length };
  }

  /** Writes the batch's new rows at their positions; false, at the first one whose id is already stored. */
  private insertFresh(batch: DedupedBatch<EventRow>, recordedAt: string): boolean {
    let position = batch.firstPosition;
    for (const row of batch.fresh) {
      const result = this.insert.run(position++, row.eventId, row.streamId, row.type, row.workspaceId, row.time, recordedAt, row.payload);
      if (result.changes === 0) return false;
    }
    return true;
  }

  private storedPositionsOf(rows: readonly EventRow[]): Map<string, number> {
    const stored = new Map<string, number>();
    const found = this.storedPositions.all(JSON.stringify(rows.map((row) => row.eventId))) as unknown as Array<[string, number]>;
    for (const [eventId, position] of found) stored.set(eventId, position);
    return stored;
  }

  async read(options?: ReadOptions): Promise<ReadPage> {
    const read = normaliseRead(options);
    const conditions = ['position >= ?'];
    const parameters: Array<string | number> = [read.fromPosition];
    if (read.types) {
      conditions.push(`type IN (${read.types.map(() => '?').join(', ')})`);
      parameters.push(...read.types);
    }
    if (read.workspaceId !== undefined) {
      conditions.push('workspace_id = ?');
      parameters.push(read.workspaceId);
    }
    if (read.fromTime !== undefined) {
      conditions.push('event_time >= ?');
      parameters.push(read.fromTime);
    }
    if (read.toTime !== undefined) {
      conditions.push('event_time < ?');
      parameters.push(read.toTime);
    }
    const sql = `SELECT ${COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT ?`;
    const rows = this.statement(sql).all(...parameters, read.limit) as unknown as Row[];
    return toPage(rows.map(toStored), read.fromPosition, read.limit);
  }

  async readStream(streamId: string, options?: Pick<ReadOptions, 'fromPosition' | 'limit'>): Promise<ReadPage> {
    const read = normaliseRead(options);
    const sql = `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND position >= ? ORDER BY position LIMIT ?`;
    const rows = this.statement(sql).all(streamId, read.fromPosition, read.limit) as unknown as Row[];
    return toPage(rows.map(toStored), read.fromPosition, read.limit);
  }

  readAll(options?: Omit<ReadOptions, 'limit'> & { readonly pageSize?: number }): AsyncIterable<StoredEvent> {
    return readAllPages(this, options);
  }

  async headPosition(): Promise<number> {
    return this.head();
  }

  private head(): number {
    const row = this.statement('SELECT COALESCE(MAX(position), 0) AS head FROM events').get() as { head: number };
    return row.head;
  }

  async footprint(): Promise<StoreFootprint> {
    const { count } = this.statement('SELECT COUNT(*) AS count FROM events').get() as { count: number };
    const size = (suffix: string) => {
      try {
        return statSync(this.path + suffix).size;
      } catch {
        return 0;
      }
    };
    return { events: count, bytes: size('') + size('-wal') };
  }

  async close(): Promise<void> {
    if (this.database.isOpen) this.database.close();
  }

  /** Prepared statements are cached by SQL text: filter combinations are few. */
  private statement(sql: string): StatementSync {
    let statement = this.readQueries.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      if (sql.startsWith(`SELECT ${COLUMNS}`)) statement.setReturnArrays(true);
      this.readQueries.set(sql, statement);
    }
    return statement;
  }
}
