import { resolve } from 'node:path';
import { type EventStore, openEventStore } from '@app/event-store';
import type { HindsightEvent, ParseResult } from '@app/events';
import { IngestEvents } from '@app/ingestion';
import { createLogger } from '@app/observability';
import { openReadModelStore, WriterThreadEventStore, WriteSideThreads } from '@app/projections';
import { makeEvent } from '../support/events';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const THREADS = resolve(__dirname, '../../dist/apps/hindsight');

/**
 * The parser refuses a NUL byte in any string; these events get past it on purpose (a transport's decoder
 * is the use case's input), to prove the second line of defence: if a store ever refuses an event's
 * values, that event is rejected and its neighbours stored — never a "retry later" for the batch.
 */
const withNulId = (event: HindsightEvent): HindsightEvent => ({ ...event, id: `${event.id}\u0000nul` });
const asIs = (event: HindsightEvent): ParseResult => ({ ok: true, event });

const stores: Array<[string, (url: string) => Promise<{ store: EventStore; close: () => Promise<void> }>]> = [
  [
    'the store',
    async (url) => {
      const store = await openEventStore(url);
      return { store, close: () => store.close() };
    },
  ],
  [
    'the writer thread (as serve appends)',
    async (url) => {
      const readModels = await openReadModelStore(url);
      const threads = new WriteSideThreads({
        store: url,
        sqliteSynchronous: 'FULL',
        readModels,
        logger: createLogger('silent'),
        threadDirectory: THREADS,
        projectionBatchSize: 100,
      });
      const store = new WriterThreadEventStore(await openEventStore(url), threads);
      threads.start();
      return {
        store,
        close: async () => {
          await threads.stop();
          await store.close();
          await readModels.close();
        },
      };
    },
  ],
];

describe.each(TEST_ENGINES())('an event whose values the %s store refuses', (engine) => {
  let testStore: TestStore;
  beforeEach(async () => (testStore = await createTestStore(engine)));
  afterEach(() => testStore.cleanup());

  it.each(stores)('costs only itself, through %s', async (_path, open) => {
    const { store, close } = await open(testStore.url);
    try {
      const ingest = new IngestEvents(store);
      const events = [
        makeEvent('message.received', 'ok-1'),
        withNulId(makeEvent('message.received', 'bad-1')),
        makeEvent('message.received', 'ok-2'),
        makeEvent('message.received', 'ok-3'),
      ];
      const result = await ingest.ingest(events, asIs);
      if (engine === 'postgres') {
        // PostgreSQL cannot hold a NUL in a TEXT column: that event alone is refused, with the reason.
        expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'rejected', 'accepted', 'accepted']);
        expect(result.outcomes[1]).toMatchObject({
          id: 'bad-1\u0000nul',
          errors: [{ field: '(event)', message: expect.stringMatching(/cannot store this content/) as string }],
        });
        expect([result.accepted, result.duplicates, result.rejected]).toEqual([3, 0, 1]);
      } else {
        expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
      }
      const stored = await store.read({ limit: 100 });
      expect(stored.events.map((event) => event.eventId)).toEqual(expect.arrayContaining(['ok-1', 'ok-2', 'ok-3']));
      // Sent again (a Kafka redelivery, an HTTP retry): the same answer, nothing stored twice.
      const again = await ingest.ingest(events, asIs);
      expect(again.outcomes.map((outcome) => outcome.status)).toEqual(
        engine === 'postgres' ? ['duplicate', 'rejected', 'duplicate', 'duplicate'] : ['duplicate', 'duplicate', 'duplicate', 'duplicate'],
      );
    } finally {
      await close();
    }
  });
});
