import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventRow, openEventStore, SqliteEventStore } from '@app/event-store';
import { validateEvent, type HindsightEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { createLogger } from '@app/observability';
import { openReadModelStore, WriterThreadEventStore, WriteSideThreads } from '@app/projections';
import { GroupCommit } from '@app/projections/write-side/group-commit';
import { postgresAvailable } from '../support/postgres';
import { createTestStore, TEST_ENGINES } from '../support/stores';

const THREADS = resolve(__dirname, '../../dist/apps/hindsight');

function validEvents(count: number): HindsightEvent[] {
  return [...syntheticEvents(count, { contacts: 20, workspaces: 1, inboxesPerWorkspace: 2 })].map((raw) => {
    const result = validateEvent(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.event;
  });
}

/** The write side on `url`, from the built bundle, as `serve` runs it. */
async function startWriteSide(
  url: string,
  options: {
    readonly projectionBatchSize: number;
    readonly restartMilliseconds?: number;
    readonly idleMilliseconds?: number;
    readonly projectionLingerMilliseconds?: number;
  },
) {
  const readModels = await openReadModelStore(url);
  const worker = new WriteSideThreads({
    store: url,
    sqliteSynchronous: 'FULL',
    readModels,
    logger: createLogger('silent'),
    threadDirectory: THREADS,
    ...options,
  });
  const store = new WriterThreadEventStore(await openEventStore(url), worker);
  worker.start();
  const close = async () => {
    await worker.stop();
    await store.close();
    await readModels.close();
  };
  return { worker, store, close };
}

/** Tries `check` every 50 ms for up to 10 s; true as soon as it holds. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (await check()) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return check();
}

describe('write side', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'hindsight-write-side-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  describe('group commit', () => {
    it('answers each request with its own outcomes when several share one transaction', async () => {
      const store = new SqliteEventStore(join(directory, 'group.db'));
      let commits = 0;
      const group = new GroupCommit(store, () => (commits += 1));
      const events = validEvents(30);
      const answers = [
        group.add(events.slice(0, 10).map(eventRow)),
        // Overlaps the first request by five events: those are duplicates of positions it got.
        group.add(events.slice(5, 20).map(eventRow)),
        group.add(events.slice(20, 30).map(eventRow)),
      ];
      await group.flushed();
      expect(commits).toBe(1);
      const [first, second, third] = await Promise.all(answers);
      expect(first).toMatchObject({ appended: 10, duplicates: 0 });
      expect(second).toMatchObject({ appended: 10, duplicates: 5 });
      expect(third).toMatchObject({ appended: 10, duplicates: 0 });
      expect(second.outcomes.slice(0, 5).map((outcome) => outcome.position)).toEqual(
        first.outcomes.slice(5).map((outcome) => outcome.position),
      );
      expect(await store.headPosition()).toBe(30);
      await store.close();
    });

    it('fails every request of a commit that fails', async () => {
      const store = new SqliteEventStore(join(directory, 'failing.db'));
      const group = new GroupCommit(store, () => undefined);
      const events = validEvents(4);
      await store.close();
      const answers = [group.add(events.slice(0, 2).map(eventRow)), group.add(events.slice(2).map(eventRow))];
      await group.flushed();
      await expect(answers[0]).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      await expect(answers[1]).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    });
  });

  it.each(TEST_ENGINES())('appends through the write side on %s, projects, and stops cleanly', async (engine) => {
    const test = await createTestStore(engine);
    const { worker, store, close } = await startWriteSide(test.url, { projectionBatchSize: 100 });
    try {
      const events = validEvents(250);
      const [first, again] = await Promise.all([store.append(events.slice(0, 200)), store.append(events.slice(150))]);
      expect(first.appended + again.appended).toBe(250);
      expect(first.duplicates + again.duplicates).toBe(50);
      expect(await store.headPosition()).toBe(250);
      await eventually(async () => (await worker.checkpoint()) >= 250);
      expect(await worker.checkpoint()).toBe(250);
      await worker.stop();
      await expect(store.append(validEvents(1))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    } finally {
      await close();
      await test.cleanup();
    }
  });

  // Transports (HTTP, Kafka, CLI) only append: whoever commits (the writer thread on SQLite, the main
  // thread on PostgreSQL) tells the projector.
  it.each(TEST_ENGINES())(
    'projects an append on %s at once, without waiting for the idle delay or a transport waking it',
    async (engine) => {
      const test = await createTestStore(engine);
      const { worker, store, close } = await startWriteSide(test.url, { projectionBatchSize: 100, idleMilliseconds: 600_000 });
      try {
        await eventually(async () => (await worker.checkpoint()) === 0 && worker.projectorThread !== undefined);
        await store.append(validEvents(40));
        expect(await eventually(async () => (await worker.checkpoint()) >= 40)).toBe(true);
      } finally {
        await close();
        await test.cleanup();
      }
    },
  );

  // HINDSIGHT_PROJECTION_LINGER_MS reaches the projector thread: after a batch that caught up it waits
  // that long before reading again, so appends made meanwhile are projected together, later.
  it.each(TEST_ENGINES())('the projector thread lingers as configured after a batch that caught up, on %s', async (engine) => {
    const test = await createTestStore(engine);
    const { worker, store, close } = await startWriteSide(test.url, { projectionBatchSize: 100, projectionLingerMilliseconds: 3000 });
    try {
      const events = validEvents(11);
      await store.append(events.slice(0, 1));
      expect(await eventually(async () => (await worker.checkpoint()) >= 1)).toBe(true);
      for (const event of events.slice(1)) await store.append([event]);
      // Half a second later, still within the linger: the ten later appends are not projected yet (with the
      // default 20 ms they would be).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await worker.checkpoint()).toBe(1);
      expect(await eventually(async () => (await worker.checkpoint()) >= 11)).toBe(true);
    } finally {
      await close();
      await test.cleanup();
    }
  });

  (postgresAvailable() ? it : it.skip)('appends on PostgreSQL without the writer thread: they commit while it is down', async () => {
    const test = await createTestStore('postgres');
    const { worker, store, close } = await startWriteSide(test.url, { projectionBatchSize: 100, restartMilliseconds: 60_000 });
    try {
      await eventually(async () => worker.writerThread !== undefined);
      await worker.writerThread!.terminate();
      expect(worker.writerThread).toBeUndefined();
      const result = await store.append(validEvents(10));
      expect(result.appended).toBe(10);
      expect(await store.headPosition()).toBe(10);
    } finally {
      await close();
      await test.cleanup();
    }
  });

  it('restarts the write side when the projection thread dies: appends go on, the projection resumes from its checkpoint', async () => {
    const { worker, store, close } = await startWriteSide(`sqlite:${join(directory, 'projector.db')}`, {
      projectionBatchSize: 50,
      restartMilliseconds: 50,
    });
    try {
      const events = validEvents(300);
      await store.append(events.slice(0, 150));
      const projector = worker.projectorThread!;
      await projector.terminate();
      const appended = await eventually(() =>
        store.append(events.slice(150)).then(
          () => true,
          () => false,
        ),
      );
      expect(appended).toBe(true);
      expect(await store.headPosition()).toBe(300);
      await eventually(async () => (await worker.checkpoint()) >= 300);
      expect(await worker.checkpoint()).toBe(300);
      expect(worker.projectorThread).not.toBe(projector);
    } finally {
      await close();
    }
  });

  it('restarts a worker that died: appends in flight fail as unavailable, nothing committed is lost', async () => {
    const { worker, store, close } = await startWriteSide(`sqlite:${join(directory, 'restart.db')}`, {
      projectionBatchSize: 100,
      restartMilliseconds: 50,
    });
    try {
      const events = validEvents(300);
      await store.append(events.slice(0, 100));
      const thread = worker.writerThread!;
      const inFlight = store.append(events.slice(100, 200));
      await thread.terminate();
      // Either it committed before the thread died, or its caller is told to retry: never silently lost.
      const outcome = await inFlight.then(
        () => 'committed',
        (error: { code?: string }) => error.code,
      );
      expect(['committed', 'STORE_UNAVAILABLE']).toContain(outcome);
      const retried = await eventually(() =>
        store.append(events.slice(100)).then(
          () => true,
          () => false,
        ),
      );
      expect(retried).toBe(true);
      expect(await store.headPosition()).toBe(300);
      await eventually(async () => (await worker.checkpoint()) >= 300);
      expect(await worker.checkpoint()).toBe(300);
    } finally {
      await close();
    }
  });
});
