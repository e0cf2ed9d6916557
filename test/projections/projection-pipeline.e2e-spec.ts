import { openEventStore } from '@app/event-store';
import { type HindsightEvent, validateEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { foldEvents, HINDSIGHT_PROJECTIONS, parseDocumentId } from '@app/history';
import { openReadModelStore, ProjectionEngine, type ReadModelStore } from '@app/projections';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

function validEvents(count: number): HindsightEvent[] {
  // Few contacts: consecutive batches keep touching the same documents.
  return [...syntheticEvents(count, { contacts: 6, workspaces: 1, inboxesPerWorkspace: 2, seed: 11 })].map((raw) => {
    const result = validateEvent(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.event;
  });
}

/**
 * Read models whose commits land late (as they do when the writer thread is busy), and fail when
 * asked to: the engine folds the next batch over documents that are not committed yet.
 */
function slowCommits(store: ReadModelStore, failAt: Set<number>): ReadModelStore & { commits: number } {
  const slow = Object.create(store) as ReadModelStore & { commits: number };
  slow.commits = 0;
  slow.commit = async (...batch: Parameters<ReadModelStore['commit']>) => {
    const attempt = ++slow.commits;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (failAt.delete(attempt)) throw new Error(`commit ${attempt} failed`);
    await store.commit(...batch);
  };
  return slow;
}

describe.each(TEST_ENGINES())('pipelined projection commits on %s', (engine) => {
  let store: TestStore;
  beforeEach(async () => (store = await createTestStore(engine)));
  afterEach(async () => store.cleanup());

  it.each<[string, number[]]>([
    ['every commit lands late', []],
    ['the third commit fails: the batch after it is not attempted, then both are redone', [3]],
    ['two commits fail in a row', [2, 3]],
  ])('%s: the documents are those of folding the whole log', async (_case, failures) => {
    const events = await openEventStore(store.url);
    const readModels = await openReadModelStore(store.url);
    const slow = slowCommits(readModels, new Set(failures));
    const projection = new ProjectionEngine(events, slow, HINDSIGHT_PROJECTIONS, { batchSize: 10 });
    try {
      const log = validEvents(120);
      await events.append(log);
      let rounds = 0;
      for (let done = false; !done; rounds++)
        done = await projection.catchUp().then(
          () => true,
          () => false,
        );
      // One catch-up per failure, then one that finishes; 12 batches, each committed once, plus the failed
      // attempts: a batch after a failed one is never sent.
      expect(rounds).toBe(1 + failures.length);
      expect(slow.commits).toBe(12 + failures.length);
      expect(await projection.checkpoint()).toBe(120);
      expect(await readModels.checkpoint('hindsight')).toBe(120);
      const expected = foldEvents(HINDSIGHT_PROJECTIONS, log);
      const stored = await readModels.load([...expected.keys()].map(parseDocumentId));
      expect(Object.fromEntries(stored)).toEqual(JSON.parse(JSON.stringify(Object.fromEntries(expected))));
    } finally {
      await readModels.close();
      await events.close();
    }
  });

  // Appends of one event each, every 2 ms (HTTP single events), each waking the engine: it folds them in
  // batches paced by its linger instead of one batch per event, and still reaches the head.
  // (80 appends take 250-600 ms: 13-14 batches with the linger, 76-80 without.)
  it.each<[string, number, (batches: number, milliseconds: number) => boolean]>([
    ['with the default linger (20 ms), at most a batch per 20 ms', 20, (batches, milliseconds) => batches <= milliseconds / 20 + 3],
    ['without linger, a batch per append or so', 0, (batches) => batches >= 30],
  ])('a running engine, appends of one event: %s', async (_case, lingerMilliseconds, expected) => {
    const events = await openEventStore(store.url);
    const readModels = await openReadModelStore(store.url);
    let batches = 0;
    const projection = new ProjectionEngine(events, readModels, HINDSIGHT_PROJECTIONS, {
      lingerMilliseconds,
      onBatch: () => batches++,
    });
    projection.start();
    try {
      const log = validEvents(80);
      const started = performance.now();
      for (const event of log) {
        await events.append([event]);
        projection.wake();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const milliseconds = performance.now() - started;
      for (let waited = 0; (await readModels.checkpoint('hindsight')) < 80 && waited < 5000; waited += 10)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await readModels.checkpoint('hindsight')).toBe(80);
      expect({ batches, milliseconds, expected: expected(batches, milliseconds) }).toEqual({ batches, milliseconds, expected: true });
    } finally {
      await projection.stop();
      await readModels.close();
      await events.close();
    }
  });
});
