import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { type EventStore, eventRow, openEventStore } from '@app/event-store';
import { type HindsightEvent, validateEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { SQLITE_SCHEMA } from '@app/event-store/sqlite/sqlite.schema';
import { POSTGRES_SCHEMA } from '@app/event-store/postgres/postgres.schema';
import { megabytes, now, peakRss, perSecond, printTable } from './measure';

export interface StoreBenchOptions {
  readonly events: number;
  readonly batchSize: number;
  readonly engines: readonly string[];
  readonly idStyles: ReadonlyArray<'sequential' | 'random'>;
  readonly postgresUrl: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
}

interface Batch {
  readonly events: HindsightEvent[];
  readonly parseMs: number;
}

/** Validated events, generated batch by batch so a million never sit in memory at once. */
function* validatedBatches(options: StoreBenchOptions, idStyle: 'sequential' | 'random'): Generator<Batch> {
  let events: HindsightEvent[] = [];
  let parseMs = 0;
  for (const raw of syntheticEvents(options.events, { contacts: 100_000, workspaces: 2, inboxesPerWorkspace: 10, idStyle })) {
    const text = JSON.stringify(raw);
    const started = now();
    const result = validateEvent(JSON.parse(text));
    parseMs += now() - started;
    if (!result.ok) throw new Error(`synthetic event rejected: ${JSON.stringify(result.errors)}`);
    events.push(result.event);
    if (events.length === options.batchSize) {
      yield { events, parseMs };
      events = [];
      parseMs = 0;
    }
  }
  if (events.length > 0) yield { events, parseMs };
}

interface Figures {
  readonly label: string;
  readonly appendMs: number;
  readonly parseMs: number;
  readonly readMs: number;
  readonly decodeMs: number;
  readonly bytes: number;
  readonly baselineMs: number;
}

/** Appends, reads back (checking order), then times the plain INSERT loop on the same data. */
async function benchAdapter(
  label: string,
  store: EventStore,
  batches: () => Iterable<Batch>,
  baseline: (batches: Iterable<Batch>) => Promise<number>,
): Promise<Figures> {
  let appendMs = 0;
  let parseMs = 0;
  let written = 0;
  for (const batch of batches()) {
    parseMs += batch.parseMs;
    const started = now();
    written += (await store.append(batch.events)).appended;
    appendMs += now() - started;
    if (written % 100_000 < batch.events.length) process.stderr.write(`\r${label}: appended ${written.toLocaleString('en-US')}   `);
  }
  process.stderr.write('\n');

  let count = 0;
  let started = now();
  for await (const event of store.readAll({ pageSize: 5000 })) {
    if (event.position !== count + 1) throw new Error(`read out of order at ${event.position}`);
    count += 1;
  }
  const readMs = now() - started;
  if (count !== written) throw new Error(`read ${count} events, appended ${written}`);

  // Decoding payloads is the consumer's cost, measured on a 100,000-event sample and scaled.
  started = now();
  let decoded = 0;
  for await (const event of store.readAll({ pageSize: 5000 })) {
    JSON.parse(event.payload);
    if (++decoded === 100_000) break;
  }
  const decodeMs = ((now() - started) * count) / Math.max(decoded, 1);
  const { bytes } = await store.footprint();
  await store.close();
  const baselineMs = await baseline(batches());
  return { label, appendMs, parseMs, readMs, decodeMs, bytes, baselineMs };
}

/** Plain prepared INSERTs into the same schema and settings, one transaction per batch, no dedupe logic. */
async function sqliteBaseline(path: string, synchronous: string, batches: Iterable<Batch>): Promise<number> {
  const database = new DatabaseSync(path);
  database.exec(
    `PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 8192;`,
  );
  database.exec(SQLITE_SCHEMA);
  const insert = database.prepare(
    'INSERT INTO events (event_id, stream_id, type, workspace_id, event_time, recorded_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let elapsed = 0;
  for (const { events } of batches) {
    const started = now();
    const recordedAt = new Date().toISOString();
    database.exec('BEGIN');
    for (const event of events) {
      const row = eventRow(event);
      insert.run(row.eventId, row.streamId, row.type, row.workspaceId, row.time, recordedAt, row.payload);
    }
    database.exec('COMMIT');
    elapsed += now() - started;
  }
  database.close();
  return elapsed;
}

/** A plain INSERT loop (one prepared statement per row, one transaction per batch) into a twin table. */
async function postgresBaseline(url: string, batches: Iterable<Batch>): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(POSTGRES_SCHEMA.replaceAll('events', 'baseline_events'));
    let elapsed = 0;
    let position = 0;
    for (const { events } of batches) {
      const started = now();
      const recordedAt = new Date().toISOString();
      await client.query('BEGIN');
      for (const event of events) {
        const row = eventRow(event);
        position += 1;
        await client.query({
          name: 'baseline-insert',
          text: `INSERT INTO baseline_events (position, event_id, stream_id, type, workspace_id, event_time, recorded_at, payload)
                 VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8)`,
          values: [position, row.eventId, row.streamId, row.type, row.workspaceId, row.time, recordedAt, row.payload],
        });
      }
      await client.query('COMMIT');
      elapsed += now() - started;
    }
    return elapsed;
  } finally {
    // Before the database is dropped: a connection still open there would be terminated under us.
    await client.end();
  }
}

async function withPostgresDatabase<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `hindsight_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function withSqliteDirectory<T>(work: (directory: string) => Promise<T>): Promise<T> {
  const directory = mkdtempSync(join(tmpdir(), 'hindsight-bench-'));
  try {
    return await work(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function benchStore(options: StoreBenchOptions): Promise<void> {
  console.log(
    `bench:store: ${options.events.toLocaleString('en-US')} synthetic events (calls with ~2 KB transcripts, messages, voicemails, sessions), ` +
      `batches of ${options.batchSize}, Node ${process.version}`,
  );
  const results: Figures[] = [];
  for (const idStyle of options.idStyles) {
    const batches = () => validatedBatches(options, idStyle);
    if (options.engines.includes('sqlite')) {
      results.push(
        await withSqliteDirectory(async (directory) =>
          benchAdapter(
            `sqlite (${options.sqliteSynchronous}), ${idStyle} ids`,
            await openEventStore(`sqlite:${join(directory, 'events.db')}`, { synchronous: options.sqliteSynchronous }),
            batches,
            (again) => sqliteBaseline(join(directory, 'baseline.db'), options.sqliteSynchronous, again),
          ),
        ),
      );
    }
    if (options.engines.includes('postgres')) {
      results.push(
        await withPostgresDatabase(options.postgresUrl, async (url) =>
          benchAdapter(`postgres, ${idStyle} ids`, await openEventStore(url), batches, (again) => postgresBaseline(url, again)),
        ),
      );
    }
  }
  printTable(
    'Event store (append = validated events into the adapter; plain INSERT = same rows, same schema, no adapter)',
    results.map((figures) => ({
      store: figures.label,
      'append events/s': perSecond(options.events, figures.appendMs),
      'plain INSERT events/s': perSecond(options.events, figures.baselineMs),
      'adapter / plain': `${Math.round((figures.baselineMs / figures.appendMs) * 100)}%`,
      'read events/s': perSecond(options.events, figures.readMs),
      'read+decode events/s': perSecond(options.events, figures.readMs + figures.decodeMs),
      'validate events/s': perSecond(options.events, figures.parseMs),
      'bytes on disk': megabytes(figures.bytes),
    })),
  );
  console.log(`peak RSS: ${peakRss()}`);
}
