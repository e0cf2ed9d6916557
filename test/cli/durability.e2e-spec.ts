import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EventStore, openEventStore, type StoredEvent } from '@app/event-store';
import { APPEND_LOCK_KEY } from '@app/event-store/postgres/postgres.schema';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { finished, startCli, summaryOf } from '../support/cli';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls PostgreSQL until some session holds the event store's append lock (an append is mid-transaction). */
async function appendLockHeld(url: string, deadline: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    while (Date.now() < deadline) {
      const { rows } = await client.query(
        "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1",
        [APPEND_LOCK_KEY],
      );
      if (rows.length > 0) return;
    }
  } finally {
    await client.end();
  }
}

async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const event of store.readAll({ pageSize: 5000 })) all.push(event);
  return all;
}

const written: string[] = [];
afterAll(() => written.forEach((path) => rmSync(path, { force: true })));

function writeEvents(name: string, from: number, to: number): string {
  const path = join(tmpdir(), `hindsight-${name}-${process.pid}.ndjson`);
  written.push(path);
  const events = Array.from(syntheticEvents(to, { idPrefix: 'dur', seed: 3 })).slice(from);
  writeFileSync(path, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  return path;
}

describe.each(TEST_ENGINES())('durability on %s', (engine) => {
  let store: TestStore;
  let reader: EventStore;

  beforeEach(async () => {
    store = await createTestStore(engine);
    reader = await openEventStore(store.url);
  });
  afterEach(async () => {
    await reader.close();
    await store.cleanup();
  });

  it('keeps two concurrent ingest processes gap-free, duplicate-free and lossless', async () => {
    // Overlapping files: events 1,500..2,999 are written by both processes.
    const first = writeEvents('first', 0, 3000);
    const second = writeEvents('second', 1500, 4500);
    const results = await Promise.all(
      [first, second].map((file) => finished(startCli(['ingest', file, '--store', store.url, '--batch-size', '50']))),
    );
    expect(results.map((result) => result.code)).toEqual([0, 0]);
    const summaries = results.map(summaryOf);
    expect(summaries[0].accepted + summaries[1].accepted).toBe(4500);
    expect(summaries[0].duplicates + summaries[1].duplicates).toBe(1500);
    const stored = await readEverything(reader);
    expect(stored.map((event) => event.position)).toEqual(Array.from({ length: 4500 }, (_, index) => index + 1));
    const expected = Array.from(syntheticEvents(4500, { idPrefix: 'dur', seed: 3 }), (event) => event.id);
    expect(new Set(stored.map((event) => event.eventId))).toEqual(new Set(expected));
  });

  it('stores a batch fully or not at all when the process is killed mid-batch, and a re-run completes it', async () => {
    const batchSize = 400;
    const total = 12_000;
    const file = writeEvents('crash', 0, total);
    const expected = Array.from(syntheticEvents(total, { idPrefix: 'dur', seed: 3 }), (event) => event.id);

    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = await reader.headPosition();
      const child = startCli(['ingest', file, '--store', store.url, '--batch-size', String(batchSize)]);
      const exit = finished(child);
      // Wait until this run has committed something new, then until it is inside its next append
      // transaction (visible on PostgreSQL as the held append lock; on SQLite, staggered delays).
      const deadline = Date.now() + 30_000;
      while ((await reader.headPosition()) === before && Date.now() < deadline) await pause(2);
      if (engine === 'postgres') await appendLockHeld(store.url, deadline);
      else await pause(attempt * 9);
      child.kill('SIGKILL');
      const result = await exit;
      expect(result.signal).toBe('SIGKILL');
      const stored = await readEverything(reader);
      expect(stored.length % batchSize).toBe(0);
      // What is stored is exactly a prefix of the file, once, in order.
      expect(stored.map((event) => event.eventId)).toEqual(expected.slice(0, stored.length));
      expect(stored.map((event) => event.position)).toEqual(Array.from({ length: stored.length }, (_, index) => index + 1));
    }

    const rerun = await finished(startCli(['ingest', file, '--store', store.url, '--batch-size', String(batchSize)]));
    expect(rerun.code).toBe(0);
    const stored = await readEverything(reader);
    expect(stored.map((event) => event.eventId)).toEqual(expected);
    expect(summaryOf(rerun).accepted + summaryOf(rerun).duplicates).toBe(total);
  });
});
