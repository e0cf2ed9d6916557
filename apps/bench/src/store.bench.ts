import { mkdtempSync, rmSync, statSync } from 'node:fs';
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
  readonly postgresUrl: string;
}

/** Validated events, generated batch by batch so a million never sit in memory at once. */
function* validatedBatches(count: number, batchSize: number): Generator<{ events: HindsightEvent[]; parseMs: number }> {
  let batch: HindsightEvent[] = [];
  let parseMs = 0;
  for (const raw of syntheticEvents(count, { contacts: 100_000, workspaces: 2, inboxesPerWorkspace: 10 })) {
    const text = JSON.stringify(raw);
    const started = now();
    const result = validateEvent(JSON.parse(text));
    parseMs += now() - started;
    if (!result.ok) throw new Error(`synthetic event rejected: ${JSON.stringify(result.errors)}`);
    batch.push(result.event);
    if (batch.length === batchSize) {
      yield { events: batch, parseMs };
      batch = [];
      parseMs = 0;
    }
  }
  if (batch.length > 0) yield { events: batch, parseMs };
}

interface Figures {
  engine: string;
  appendMs: number;
  parseMs: number;
  readMs: number;
  readCount: number;
  decodeMs: number;
  bytes: number;
  baselineMs: number;
}

async function benchAdapter(engine: string, url: string, options: StoreBenchOptions, baseline: (batches: Iterable<HindsightEvent[]>) => Promise<number>): Promise<Figures> {
  const store: EventStore = await openEventStore(url);
  let appendMs = 0;
  let parseMs = 0;
  let written = 0;
  for (const batch of validatedBatches(options.events, options.batchSize)) {
    parseMs += batch.parseMs;
    const started = now();
    const result = await store.append(batch.events);
    appendMs += now() - started;
    written += result.appended;
    if (written % 100_000 < options.batchSize) process.stderr.write(`\r${engine}: appended ${written.toLocaleString('en-US')}   `);
  }
  process.stderr.write('\n');

  let readCount = 0;
  let started = now();
  for await (const event of store.readAll({ pageSize: 5000 })) {
    if (event.position !== readCount + 1) throw new Error(`gap at ${event.position}`);
    readCount += 1;
  }
  const readMs = now() - started;

  // Decoding payloads back into objects is the consumer's cost, measured on a 100,000-event sample.
  started = now();
  let decoded = 0;
  for await (const event of store.readAll({ pageSize: 5000 })) {
    JSON.parse(event.payload);
    if (++decoded === 100_000) break;
  }
  const decodeMs = ((now() - started) * readCount) / Math.max(decoded, 1);

  const { bytes } = await store.footprint();
  await store.close();
  const baselineMs = await baseline(Array.from(validatedBatches(Math.min(options.events, 200_000), options.batchSize), (batch) => batch.events));
  return { engine, appendMs, parseMs, readMs, readCount, decodeMs, bytes, baselineMs: (baselineMs * options.events) / Math.min(options.events, 200_000) };
}

/** Plain prepared INSERTs, one transaction per batch, no dedupe logic: SQLite's own limit for this schema. */
async function sqliteBaseline(path: string, batches: Iterable<HindsightEvent[]>): Promise<number> {
  const database = new DatabaseSync(path);
  database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  database.exec(SQLITE_SCHEMA);
  const insert = database.prepare(
    'INSERT INTO events (event_id, stream_id, type, workspace_id, event_time, recorded_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let elapsed = 0;
  for (const events of batches) {
    const started = now();
    database.exec('BEGIN');
    for (const event of events) {
      const row = eventRow(event);
      insert.run(row.eventId, row.streamId, row.type, row.workspaceId, row.timeMs, Date.now(), row.payload);
    }
    database.exec('COMMIT');
    elapsed += now() - started;
  }
  database.close();
  return elapsed;
}

/** A plain INSERT loop (one prepared statement per row, one transaction per batch). */
async function postgresBaseline(url: string, batches: Iterable<HindsightEvent[]>): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(POSTGRES_SCHEMA.replaceAll('events', 'baseline_events'));
  let elapsed = 0;
  let position = 0;
  for (const events of batches) {
    const started = now();
    await client.query('BEGIN');
    for (const event of events) {
      const row = eventRow(event);
      position += 1;
      await client.query({
        name: 'baseline-insert',
        text: 'INSERT INTO baseline_events (position, event_id, stream_id, type, workspace_id, event_time, payload) VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), $7)',
        values: [position, row.eventId, row.streamId, row.type, row.workspaceId, row.timeMs, row.payload],
      });
    }
    await client.query('COMMIT');
    elapsed += now() - started;
  }
  await client.end();
  return elapsed;
}

async function withPostgresDatabase<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `hindsight_bench_${Date.now()}`;
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

export async function benchStore(options: StoreBenchOptions): Promise<void> {
  console.log(`bench:store — ${options.events.toLocaleString('en-US')} synthetic events, batches of ${options.batchSize}, Node ${process.version}`);
  const results: Figures[] = [];
  if (options.engines.includes('sqlite')) {
    const directory = mkdtempSync(join(tmpdir(), 'hindsight-bench-'));
    try {
      results.push(
        await benchAdapter('sqlite (WAL, synchronous=FULL)', `sqlite:${join(directory, 'events.db')}`, options, (batches) =>
          sqliteBaseline(join(directory, 'baseline.db'), batches),
        ),
      );
      console.log(`sqlite file: ${megabytes(statSync(join(directory, 'events.db')).size)}`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  if (options.engines.includes('postgres')) {
    results.push(
      await withPostgresDatabase(options.postgresUrl, (url) =>
        benchAdapter('postgres', url, options, (batches) => postgresBaseline(url, batches)),
      ),
    );
  }
  printTable(
    'Event store',
    results.map((figures) => ({
      engine: figures.engine,
      'append events/s': perSecond(options.events, figures.appendMs),
      'plain INSERT loop events/s': perSecond(options.events, figures.baselineMs),
      'adapter vs plain INSERT': `${Math.round((figures.baselineMs / figures.appendMs) * 100)}%`,
      'read events/s': perSecond(figures.readCount, figures.readMs),
      'read+JSON.parse events/s': perSecond(figures.readCount, figures.readMs + figures.decodeMs),
      'validate events/s': perSecond(options.events, figures.parseMs),
      'bytes on disk': megabytes(figures.bytes),
    })),
  );
  console.log(`peak RSS: ${peakRss()}`);
}
