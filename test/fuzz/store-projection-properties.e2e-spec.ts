import fc from 'fast-check';
import { Client } from 'pg';
import { fixedClock } from '@app/clock';
import { type EventStore, openEventStore } from '@app/event-store';
import { type HindsightEvent, parseEvent } from '@app/events';
import { HINDSIGHT_PROJECTIONS } from '@app/history';
import { IngestEvents, type IngestResult } from '@app/ingestion';
import { openReadModelStore, ProjectionEngine, ReadModelHistoryQuery, type ReadModelStore } from '@app/projections';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';
import { type FuzzCase, mixedBatch, paddedEvent } from './support/event-arbitraries';
import { fuzzParameters, fuzzTimeout } from './support/fuzz-parameters';
import { allStoredEvents, emptyPostgresDatabase, emptySqliteDatabase, foldStored } from './support/fuzz-stores';

/**
 * The main property of issue 11: whatever the parser accepts, every store can store and every
 * projection can fold. Arbitrary catalogue-shaped events, valid and corrupted, go through the ingest
 * use case of every entry point (`IngestEvents`) into a real store, then the real projection engine
 * catches up, on SQLite and on PostgreSQL. Each run starts from empty stores (every table emptied, the
 * stores kept open), so a counterexample does not depend on the runs before it. Field errors are only
 * checked to be there: how they name fields is the parser's property.
 */

const NOW = '2026-03-22T12:00:00Z';
/** Small projection batches, so that a few events make several batches. */
const PROJECTION_BATCH = 2;
const RUNS = 100;

/** A batch of a few events, mostly corrupted, now and then one padded to the event byte limit. */
const batches: fc.Arbitrary<FuzzCase[]> = fc.oneof(
  { weight: 30, arbitrary: mixedBatch(8, 6) },
  { weight: 1, arbitrary: fc.tuple(mixedBatch(2), paddedEvent).map(([batch, padded]) => [...batch, padded]) },
);

/** Throws with the reason when an ingest result breaks the use case's contract for these inputs. */
function checkOutcomes(result: IngestResult, batch: readonly FuzzCase[]): void {
  if (result.outcomes.length !== batch.length) throw new Error(`${result.outcomes.length} outcomes for ${batch.length} inputs`);
  result.outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      const named =
        outcome.errors.length > 0 && outcome.errors.every((error) => typeof error.field === 'string' && typeof error.message === 'string');
      if (!named) throw new Error(`input ${index} rejected without field errors: ${JSON.stringify(outcome)}`);
    } else if (!Number.isSafeInteger(outcome.position) || outcome.position < 1) {
      throw new Error(`input ${index} ${outcome.status} at position ${outcome.position}`);
    }
  });
  const count = (status: string) => result.outcomes.filter((outcome) => outcome.status === status).length;
  expect({ accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected }).toEqual({
    accepted: count('accepted'),
    duplicates: count('duplicate'),
    rejected: count('rejected'),
  });
}

/** The history query, for the workspace, inbox and caller of every stored event that has them. */
async function askHistoryOfEach(query: ReadModelHistoryQuery, events: readonly HindsightEvent[]): Promise<void> {
  for (const event of events) {
    const data = event.data as { workspaceId: string; inboxId?: string; contact?: { contactId?: string; phone?: string } };
    const caller = data.contact?.phone ? { phone: data.contact.phone } : { contactId: data.contact?.contactId ?? 'contact-1' };
    const answer = await query.getHistory({ workspaceId: data.workspaceId, inboxId: data.inboxId ?? 'inbox-1', ...caller });
    if (!Array.isArray(answer.activities)) throw new Error(`history of ${data.workspaceId}: no activities in ${JSON.stringify(answer)}`);
  }
}

describe.each(TEST_ENGINES())('ingest, store and project fuzzed events on %s (fast-check)', (engine) => {
  let store: TestStore;
  let events: EventStore;
  let readModels: ReadModelStore;
  let admin: Client | undefined;

  beforeAll(async () => {
    store = await createTestStore(engine);
    events = await openEventStore(store.url);
    readModels = await openReadModelStore(store.url);
    if (engine === 'postgres') {
      admin = new Client({ connectionString: store.url });
      await admin.connect();
    }
  });
  afterAll(async () => {
    await readModels?.close();
    await events?.close();
    await admin?.end();
    await store?.cleanup();
  });

  /** Every run starts from empty stores (kept open: the adapters hold no state of their own). */
  const emptyStores = (): Promise<void> =>
    admin ? emptyPostgresDatabase(admin) : Promise.resolve(emptySqliteDatabase(store.url.slice('sqlite:'.length)));

  it(
    'rejects an event with field errors or stores it; the projection then catches up to the head without an exception',
    async () => {
      await fc.assert(
        // Shrinking a batch of events is hundreds of runs on a real store: bounded (the labels say what matters).
        fc.asyncProperty(fc.limitShrink(batches, 150), async (batch) => {
          await emptyStores();
          const projection = new ProjectionEngine(events, readModels, HINDSIGHT_PROJECTIONS, { batchSize: PROJECTION_BATCH });
          try {
            // A store error caused by an event's content is that event's rejection, never a thrown STORE_UNAVAILABLE.
            const result = await new IngestEvents(events).ingest(batch.map((fuzzCase) => fuzzCase.text));
            checkOutcomes(result, batch);

            const stored = await allStoredEvents(events);
            const head = await events.headPosition();
            expect(stored.length).toBe(head);
            const byPosition = new Map(stored.map((event) => [event.position, event]));
            result.outcomes.forEach((outcome, index) => {
              if (outcome.status === 'rejected') return;
              const parsed = parseEvent(batch[index].text);
              if (!parsed.ok) throw new Error(`input ${index} stored although the parser rejects it: ${JSON.stringify(parsed.errors)}`);
              const storedId = byPosition.get(outcome.position)?.eventId;
              if (storedId !== parsed.event.id) {
                throw new Error(
                  `input ${index} ${outcome.status} at ${outcome.position}, stored there as ${JSON.stringify(storedId)}, not ${JSON.stringify(parsed.event.id)}`,
                );
              }
            });

            await projection.catchUp();
            expect(await projection.checkpoint()).toBe(head);
            // Projected, not quarantined: the engine sets aside an event it cannot fold, which must never happen to one the parser accepted.
            const quarantined = await readModels.quarantined(projection.projector);
            if (quarantined.length > 0) throw new Error(`quarantined: ${JSON.stringify(quarantined)}`);
            // The same fold without the engine's guard, so that the error itself shows.
            foldStored(stored);
            await askHistoryOfEach(
              new ReadModelHistoryQuery(readModels, fixedClock(NOW)),
              stored.map((event) => JSON.parse(event.payload) as HindsightEvent),
            );
          } finally {
            await projection.stop();
          }
        }),
        fuzzParameters(RUNS, { timeout: 30_000 }),
      );
    },
    fuzzTimeout(RUNS, 1_000, 120_000),
  );
});
