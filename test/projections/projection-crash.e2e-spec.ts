import { type DocumentReference, openReadModelStore, type ReadModelStore } from '@app/projections';
import { type EventStore, openEventStore } from '@app/event-store';
import { type HindsightEvent, validateEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { foldEvents, HINDSIGHT_PROJECTIONS, parseDocumentId } from '@app/history';
import { finished, startCli } from '../support/cli';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const BATCH = 500;

function events(count: number): HindsightEvent[] {
  return Array.from(syntheticEvents(count, { seed: 11, contacts: 300, idPrefix: 'crash' }), (raw) => {
    const result = validateEvent(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.event;
  });
}

/** The read model must equal folding exactly the first `checkpoint` events of the log in memory. */
async function expectStateAt(readModels: ReadModelStore, log: readonly HindsightEvent[], checkpoint: number): Promise<void> {
  const expected = foldEvents(HINDSIGHT_PROJECTIONS, log.slice(0, checkpoint));
  const references: DocumentReference[] = [...expected.keys()].map(parseDocumentId);
  const stored = await readModels.load(references);
  expect(stored.size).toBe(expected.size);
  expect(Object.fromEntries(stored)).toEqual(JSON.parse(JSON.stringify(Object.fromEntries(expected))));
}

describe.each(TEST_ENGINES())('projection crash on %s', (engine) => {
  let store: TestStore;
  let eventStore: EventStore;
  let readModels: ReadModelStore;

  beforeEach(async () => {
    store = await createTestStore(engine);
    eventStore = await openEventStore(store.url);
    readModels = await openReadModelStore(store.url);
  });
  afterEach(async () => {
    await readModels.close();
    await eventStore.close();
    await store.cleanup();
  });

  it('killed mid-run, it restarts from its checkpoint and ends in exactly the state of an uninterrupted run', async () => {
    const log = events(15_000);
    await eventStore.append(log);
    const environment = { HINDSIGHT_PROJECTION_BATCH_SIZE: String(BATCH) };
    const child = startCli(['project', '--store', store.url], environment);
    const exit = finished(child);
    const deadline = Date.now() + 30_000;
    while ((await readModels.checkpoint('hindsight')) === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGKILL');
    expect((await exit).signal).toBe('SIGKILL');

    const checkpoint = await readModels.checkpoint('hindsight');
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThan(log.length);
    expect(checkpoint % BATCH).toBe(0);
    await expectStateAt(readModels, log, checkpoint);

    const rerun = await finished(startCli(['project', '--store', store.url], environment));
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout.trim().split('\n').at(-1)!)).toMatchObject({
      from: checkpoint,
      checkpoint: log.length,
      events: log.length - checkpoint,
    });
    await expectStateAt(readModels, log, log.length);
  });
});
