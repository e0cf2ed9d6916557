import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { eventRow, openEventStore, SqliteEventStore } from '@app/event-store';
import { validateEvent, type HindsightEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { createLogger } from '@app/observability';
import { openReadModelStore, WorkerEventStore, WriteSideWorker } from '@app/projections';
import { GroupCommit } from '@app/projections/write-side/group-commit';
import type { FromWriteSide } from '@app/projections/write-side/write-side.messages';
import { createTestStore, TEST_ENGINES } from '../support/stores';

const BUNDLE = resolve(__dirname, '../../dist/apps/hindsight/main.js');

function validEvents(count: number): HindsightEvent[] {
  return [...syntheticEvents(count, { contacts: 20, workspaces: 1, inboxesPerWorkspace: 2 })].map((raw) => {
    const result = validateEvent(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.event;
  });
}

/** The write side on `url`, from the built bundle, as `serve` runs it. */
async function startWriteSide(url: string, options: { readonly projectionBatchSize: number; readonly restartMilliseconds?: number }) {
  const readModels = await openReadModelStore(url);
  const worker = new WriteSideWorker({
    store: url,
    sqliteSynchronous: 'FULL',
    readModels,
    logger: createLogger('silent'),
    script: BUNDLE,
    ...options,
  });
  const store = new WorkerEventStore(await openEventStore(url), worker);
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
      const answers: FromWriteSide[] = [];
      let commits = 0;
      const group = new GroupCommit(
        store,
        (message) => answers.push(message),
        () => (commits += 1),
      );
      const events = validEvents(30);
      group.add(1, events.slice(0, 10).map(eventRow));
      // Overlaps the first request by five events: those are duplicates of positions it got.
      group.add(2, events.slice(5, 20).map(eventRow));
      group.add(3, events.slice(20, 30).map(eventRow));
      await group.flushed();
      expect(commits).toBe(1);
      const results = new Map(answers.map((answer) => [answer.type === 'appended' ? answer.id : -1, answer]));
      const first = results.get(1)!;
      const second = results.get(2)!;
      expect(first).toMatchObject({ type: 'appended', result: { appended: 10, duplicates: 0 } });
      expect(second).toMatchObject({ type: 'appended', result: { appended: 10, duplicates: 5 } });
      expect(results.get(3)).toMatchObject({ type: 'appended', result: { appended: 10, duplicates: 0 } });
      if (first.type !== 'appended' || second.type !== 'appended') throw new Error('not appended');
      expect(second.result.outcomes.slice(0, 5).map((outcome) => outcome.position)).toEqual(
        first.result.outcomes.slice(5).map((outcome) => outcome.position),
      );
      expect(await store.headPosition()).toBe(30);
      await store.close();
    });

    it('fails every request of a commit that fails', async () => {
      const store = new SqliteEventStore(join(directory, 'failing.db'));
      const answers: FromWriteSide[] = [];
      const group = new GroupCommit(
        store,
        (message) => answers.push(message),
        () => undefined,
      );
      const events = validEvents(4);
      await store.close();
      group.add(1, events.slice(0, 2).map(eventRow));
      group.add(2, events.slice(2).map(eventRow));
      await group.flushed();
      expect(answers).toEqual([
        expect.objectContaining({ type: 'append-failed', id: 1, code: 'STORE_UNAVAILABLE' }),
        expect.objectContaining({ type: 'append-failed', id: 2, code: 'STORE_UNAVAILABLE' }),
      ]);
    });
  });

  it.each(TEST_ENGINES())('appends through the worker thread on %s, projects, and stops cleanly', async (engine) => {
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

  it('restarts the write side when the projection thread dies: appends go on, the projection resumes from its checkpoint', async () => {
    const { worker, store, close } = await startWriteSide(`sqlite:${join(directory, 'projector.db')}`, {
      projectionBatchSize: 50,
      restartMilliseconds: 50,
    });
    try {
      const events = validEvents(300);
      await store.append(events.slice(0, 150));
      const projector = (worker as unknown as { projection: Worker }).projection;
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
      expect((worker as unknown as { projection?: Worker }).projection).not.toBe(projector);
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
      const thread = (worker as unknown as { worker: Worker }).worker;
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
