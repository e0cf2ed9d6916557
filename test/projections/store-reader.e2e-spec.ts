import { resolve } from 'node:path';
import { validateEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { createLogger } from '@app/observability';
import { ReaderThreadEventReads, ReaderThreadReadModelStore, StoreReader, type StoreReaderOptions } from '@app/projections';
import { lockHistoryReads } from '../../apps/bench/src/store-lock';
import { appendAndProject, openReadSide, type ReadSide } from '../support/read-side';
import { createTestStore, type TestStore } from '../support/stores';

const THREADS = resolve(__dirname, '../../dist/apps/hindsight');
const NOW = '2026-11-01T00:00:00.000Z';

// `serve` on SQLite reads the log and the read models for its main thread in this thread, from its own bundle.
describe('the store reader thread (SQLite)', () => {
  let store: TestStore;
  let side: ReadSide;
  const readers: StoreReader[] = [];

  const reader = async (options: Partial<StoreReaderOptions> = {}) => {
    const started = new StoreReader({ store: store.url, logger: createLogger('silent'), threadDirectory: THREADS, ...options });
    readers.push(started);
    await started.start();
    return started;
  };

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    side = await openReadSide(store.url, NOW);
    const raw = Array.from(
      syntheticEvents(300, { seed: 7, contacts: 10, workspaces: 1, inboxesPerWorkspace: 2, end: new Date(NOW), days: 30 }),
    );
    await appendAndProject(
      side,
      raw.map((event) => {
        const result = validateEvent(event);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return result.event;
      }),
    );
  });
  afterEach(async () => {
    for (const each of readers.splice(0)) await each.close();
  });
  afterAll(async () => {
    await side.close();
    await store.cleanup();
  });

  it('answers what the stores answer on the calling thread', async () => {
    const started = await reader();
    const events = new ReaderThreadEventReads(started);
    const readModels = new ReaderThreadReadModelStore(started);
    const [first] = (await side.events.read({ limit: 1 })).events;
    expect(await events.headPosition()).toBe(await side.events.headPosition());
    expect(await events.read({ fromPosition: 10, limit: 50 })).toEqual(await side.events.read({ fromPosition: 10, limit: 50 }));
    expect(await events.readStream(first.streamId)).toEqual(await side.events.readStream(first.streamId));
    expect((await events.footprint()).events).toBe(300);
    const all = [];
    for await (const stored of events.readAll({ pageSize: 64 })) all.push(stored.position);
    expect(all).toEqual(Array.from({ length: 300 }, (_, index) => index + 1));

    expect(await readModels.checkpoint('hindsight')).toBe(await side.readModels.checkpoint('hindsight'));
    const sample = await readModels.sample('activity-by-contact', 20);
    expect(sample).toEqual(await side.readModels.sample('activity-by-contact', 20));
    const query = {
      index: 'activity-by-contact',
      workspaceId: sample[0].workspaceId,
      identifiers: [sample[0].identifier],
      limit: 10,
    } as const;
    expect(await readModels.find(query)).toEqual(await side.readModels.find(query));
    const documents = await readModels.findDocuments(query);
    expect(documents.length).toBeGreaterThan(0);
    expect(documents).toEqual(await side.readModels.findDocuments(query));
    const keys = (await readModels.find(query)).map((hit) => hit.key);
    expect(await readModels.documents('activity', keys)).toEqual(await side.readModels.documents('activity', keys));
    expect(await readModels.quarantineCounts('hindsight')).toEqual(new Map());
  });

  it('fails a read at its deadline while another process locks the store, without holding this thread, then recovers', async () => {
    const started = await reader({ timeoutMilliseconds: 300 });
    const events = new ReaderThreadEventReads(started);
    const outcome = await lockHistoryReads(store.url);
    if ('unavailable' in outcome) throw new Error(outcome.unavailable);
    try {
      const began = performance.now();
      // A timer of this thread keeps firing meanwhile: the read waits in the other thread.
      let ticks = 0;
      const ticking = setInterval(() => (ticks += 1), 20);
      const reads = Array.from({ length: 5 }, () => events.headPosition().catch((error: unknown) => error));
      const failures = await Promise.all(reads);
      clearInterval(ticking);
      expect(failures.every((failure) => (failure as { code?: string }).code === 'STORE_UNAVAILABLE')).toBe(true);
      expect(performance.now() - began).toBeLessThan(1_500);
      expect(ticks).toBeGreaterThan(5);
    } finally {
      await outcome.held.release();
    }
    // The read that waited on the lock finishes, the ones nobody waits for are skipped: new reads are answered.
    let head: unknown;
    for (let attempt = 0; attempt < 50 && typeof head !== 'number'; attempt += 1) {
      head = await events.headPosition().catch(() => undefined);
    }
    expect(head).toBe(300);
  });

  it('fails at once while its thread is down, then restarts it', async () => {
    const started = await reader({ restartMilliseconds: 50 });
    await started.thread!.terminate();
    const events = new ReaderThreadEventReads(started);
    await expect(events.headPosition()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    let head: unknown;
    for (let attempt = 0; attempt < 100 && head === undefined; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      head = await events.headPosition().catch(() => undefined);
    }
    expect(head).toBe(300);
  });

  it('does not start on a store it cannot open', async () => {
    const broken = new StoreReader({ store: 'sqlite:/etc/passwd/none.db', logger: createLogger('silent'), threadDirectory: THREADS });
    readers.push(broken);
    await expect(broken.start()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
