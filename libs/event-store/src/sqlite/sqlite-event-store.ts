import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type Clock, systemClock } from '@app/clock';
import type { HindsightEvent } from '@app/events';
import { EventStoreError } from '../event-store.errors';
import type { AppendOutcome, AppendResult, EventStore, ReadOptions, ReadPage, StoredEvent, StoreFootprint } from '../event-store.port';
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

/**
 * Embedded event store in one SQLite file (WAL). SQLite has a single writer, so `BEGIN IMMEDIATE`
 * serialises appends across processes and rowids give a gap-free total order for free.
 */
export class SqliteEventStore implements EventStore {
  readonly engine = 'sqlite';
  /** The connection, shared by the read models when one thread does all the writing (the write-side worker). */
  readonly database: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly positionOf: StatementSync;
  private readonly readQueries = new Map<string, StatementSync>();
  private readonly clock: Clock;

  constructor(
    readonly path: string,
    options: SqliteOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    try {
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
      `INSERT INTO events (event_id, stream_id, type, workspace_id, event_time, recorded_at, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    );
    this.positionOf = this.database.prepare('SELECT position FROM events WHERE event_id = ?');
  }

  async append(events: readonly HindsightEvent[]): Promise<AppendResult> {
    return this.appendRows(events.map(toRow));
  }

  async appendRows(rows: readonly EventRow[]): Promise<AppendResult> {
    const recordedAt = this.clock.now().toISOString();
    const outcomes: AppendOutcome[] = [];
    let appended = 0;
    try {
      this.database.exec('BEGIN IMMEDIATE');
      for (const row of rows) {
        const result = this.insert.run(row.eventId, row.streamId, row.type, row.workspaceId, row.time, recordedAt, row.payload);
        if (result.changes === 1) {
          appended += 1;
          outcomes.push({ eventId: row.eventId, position: Number(result.lastInsertRowid), duplicate: false });
        } else {
          const existing = this.positionOf.get(row.eventId) as { position: number };
          outcomes.push({ eventId: row.eventId, position: existing.position, duplicate: true });
        }
      }
      this.database.exec('COMMIT');
    } catch (error) {
      if (this.database.isOpen && this.database.isTransaction) this.database.exec('ROLLBACK');
      // Like the PostgreSQL adapter: a closed, busy, full or failing database is the store being
      // unavailable, which transports report as such (HTTP 503) instead of an unexplained error.
      throw new EventStoreError('STORE_UNAVAILABLE', `SQLite store ${this.path}: ${(error as Error).message}`, { cause: error });
    }
    return { outcomes, appended, duplicates: outcomes.length - appended };
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
