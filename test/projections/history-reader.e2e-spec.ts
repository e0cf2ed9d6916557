import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { fixedClock } from '@app/clock';
import { validateEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import type { HistoryRequest } from '@app/history';
import { createLogger } from '@app/observability';
import { HistoryReaderThreadQuery, type HistoryReaderThreadQueryOptions } from '@app/projections';
import { HistoryAdmission } from '../../apps/hindsight/src/grpc/history-admission';
import { startTestServer } from '../grpc/support/test-server';
import { appendAndProject, openReadSide, type ReadSide } from '../support/read-side';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const THREADS = resolve(__dirname, '../../dist/apps/hindsight');
// A directory whose history-reader-thread.js blocks on every read.
const STALLED_THREADS = resolve(__dirname, 'support/stalled-reader');
const NOW = '2026-11-01T00:00:00.000Z';

// `serve` answers history queries in a reader thread, from its own bundle, on either store.
describe.each(TEST_ENGINES())('history queries in a reader thread (%s)', (engine) => {
  let store: TestStore;
  let side: ReadSide;
  let requests: HistoryRequest[];
  const queries: HistoryReaderThreadQuery[] = [];

  const reader = async (options: Partial<HistoryReaderThreadQueryOptions> = {}) => {
    const query = new HistoryReaderThreadQuery({
      store: store.url,
      clock: fixedClock(NOW),
      logger: createLogger('silent'),
      threadDirectory: THREADS,
      ...options,
    });
    queries.push(query);
    await query.start();
    return query;
  };

  beforeAll(async () => {
    store = await createTestStore(engine);
    side = await openReadSide(store.url, NOW);
    const raw = Array.from(
      syntheticEvents(400, { seed: 11, contacts: 12, workspaces: 2, inboxesPerWorkspace: 2, end: new Date(NOW), days: 30 }),
    );
    await appendAndProject(
      side,
      raw.map((event) => {
        const result = validateEvent(event);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return result.event;
      }),
    );
    const callers = new Map<string, HistoryRequest>();
    for (const event of raw) {
      const data = event.data as { workspaceId: string; inboxId?: string; contact?: { phone?: string } };
      if (data.inboxId && data.contact?.phone)
        callers.set(`${data.workspaceId}/${data.inboxId}/${data.contact.phone}`, {
          workspaceId: data.workspaceId,
          inboxId: data.inboxId,
          phone: data.contact.phone,
        });
    }
    requests = [...callers.values()];
  });
  afterEach(async () => {
    for (const query of queries.splice(0)) await query.close();
  });
  afterAll(async () => {
    await side.close();
    await store.cleanup();
  });

  it('answers what the query answers on the calling thread, "now" included', async () => {
    const query = await reader();
    expect(requests.length).toBeGreaterThan(10);
    const asked = [...requests, ...requests.map((request) => ({ ...request, at: '2026-10-20T12:00:00.000Z' }))];
    const answers = await Promise.all(asked.map((request) => query.getHistory(request)));
    const expected = await Promise.all(asked.map((request) => side.query.getHistory(request)));
    expect(answers).toEqual(expected);
    expect(answers.filter((answer) => answer.activities.length > 0).length).toBeGreaterThan(5);
  });

  // The thread hands answers back up to 16 per message: the drain must come from their pace, not from the
  // time between two of them (mostly 0), which let whole bursts in to time out until 2026-12-01. The
  // estimate is smoothed, so a stall of the machine near the end of a run moves it more than the pace
  // (5× once in CI, with a compiler running beside it): up to three runs, one must match. An estimate
  // built wrong misses in every run (the old one by 50×).
  it('gives admission control a drain that matches the pace of its answers', async () => {
    const query = await reader();
    const runs: Array<{ readonly paceMs: number; readonly drainMs: number | undefined }> = [];
    const matches = ({ paceMs, drainMs }: (typeof runs)[number]) => drainMs !== undefined && drainMs > paceMs / 4 && drainMs < paceMs * 4;
    while (runs.length < 3 && !runs.some(matches)) {
      const admission = new HistoryAdmission({ deadlineMs: 60_000 });
      const answeredAt: number[] = [];
      await Promise.all(
        Array.from({ length: 400 }, (_, index) => {
          const admitted = admission.admit(60_000);
          if (!admitted.admitted) throw new Error(`call ${index} shed: ${admitted.reason}`);
          return admitted.run(() => query.getHistory(requests[index % requests.length])).then(() => answeredAt.push(performance.now()));
        }),
      );
      runs.push({
        paceMs: (Math.max(...answeredAt) - Math.min(...answeredAt)) / (answeredAt.length - 1),
        drainMs: admission.estimates.drainMs,
      });
    }
    expect({ matched: runs.some(matches), runs }).toMatchObject({ matched: true });
  });

  // Backends beyond the database's cores contend rather than read faster (README, "Few connections for the
  // history reader"): a burst of calls waits in the pool of HINDSIGHT_HISTORY_READ_CONNECTIONS instead of
  // opening one connection each.
  (engine === 'postgres' ? it : it.skip)('reads PostgreSQL on at most the connections it is given, named in pg_stat_activity', async () => {
    const readerConnections = async () => {
      const client = new Client({ connectionString: store.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'hindsight history reader'",
        );
        return Number(rows[0].count);
      } finally {
        await client.end();
      }
    };
    for (const connections of [2, 5]) {
      const query = await reader({ postgresConnections: connections });
      const answers = await Promise.all(Array.from({ length: 64 }, (_, index) => query.getHistory(requests[index % requests.length])));
      expect(answers.every((answer) => answer.available)).toBe(true);
      // A pool opens a connection per waiting query up to its size, and keeps them open a while.
      expect(await readerConnections()).toBe(connections);
      await query.close();
    }
  });

  it('fails at once while its thread is down, then restarts it', async () => {
    const query = await reader({ restartMilliseconds: 50 });
    await query.thread!.terminate();
    await expect(query.getHistory(requests[0])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    let answered = false;
    for (let attempt = 0; attempt < 100 && !answered; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answered = await query.getHistory(requests[0]).then(
        () => true,
        () => false,
      );
    }
    expect(answered).toBe(true);
  });

  it('does not start on a store it cannot open', async () => {
    const broken = new HistoryReaderThreadQuery({
      store: engine === 'sqlite' ? 'sqlite:/etc/passwd/none.db' : 'postgres://postgres@127.0.0.1:1/none',
      clock: fixedClock(NOW),
      logger: createLogger('silent'),
      threadDirectory: THREADS,
    });
    queries.push(broken);
    await expect(broken.start()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  describe('when a read blocks its thread', () => {
    it('still answers gRPC callers within the deadline (available = false)', async () => {
      const query = await reader({ threadDirectory: STALLED_THREADS });
      const test = await startTestServer(query, { deadlineMs: 150 });
      try {
        const started = performance.now();
        const answer = await test.client.getHistory({ workspace_id: 'ws-1', inbox_id: 'inbox-1', phone: '+33612345678' });
        expect(answer).toMatchObject({ available: false, unavailable_reason: expect.stringContaining('deadline exceeded') });
        // The reader is blocked for 3 s; the caller's answer comes from the deadline, on a free thread.
        expect(performance.now() - started).toBeLessThan(1000);
      } finally {
        await query.close();
        await test.close();
      }
    });

    it('refuses new requests at once beyond its queue', async () => {
      const query = await reader({ threadDirectory: STALLED_THREADS, maxPending: 2 });
      const waiting = [query.getHistory(requests[0]), query.getHistory(requests[1])];
      for (const request of waiting) request.catch(() => undefined);
      await expect(query.getHistory(requests[2])).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringContaining('behind'),
      });
      await query.close();
      await expect(waiting[0]).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    });
  });
});

describe('history queries in a reader thread when SQLite fails a read', () => {
  it('reports the store unavailable, so that the gRPC breaker counts it', async () => {
    const store = await createTestStore('sqlite');
    const side = await openReadSide(store.url, NOW);
    const query = new HistoryReaderThreadQuery({
      store: store.url,
      clock: fixedClock(NOW),
      logger: createLogger('silent'),
      threadDirectory: THREADS,
    });
    try {
      await query.start();
      const request = { workspaceId: 'ws-1', inboxId: 'inbox-1', phone: '+33612345678' };
      await expect(query.getHistory(request)).resolves.toMatchObject({ available: true });
      // Another process breaks the store under the reader: its statements now fail in SQLite.
      const other = new DatabaseSync(store.url.slice('sqlite:'.length));
      other.exec('DROP TABLE read_model_index');
      other.close();
      await expect(query.getHistory(request)).rejects.toMatchObject({ name: 'EventStoreError', code: 'STORE_UNAVAILABLE' });
    } finally {
      await query.close();
      await side.close();
      await store.cleanup();
    }
  });
});
