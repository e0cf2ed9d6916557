import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { cloudEvent } from '@app/events/testing/event.fixtures';
import { createLogger } from '@app/observability';
import type { BackgroundProjection } from '@app/projections';
import { EventsIngestService } from '../../apps/hindsight/src/http/events-ingest.service';

describe('HTTP ingest and the background projection', () => {
  let directory: string;
  let store: SqliteEventStore;
  let wakes: number;
  let service: EventsIngestService;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'hindsight-http-wake-'));
    store = new SqliteEventStore(join(directory, 'events.db'));
    wakes = 0;
    // Only wake() matters here: it is how the projection learns of new events without polling.
    const projection: BackgroundProjection = {
      start: () => undefined,
      wake: () => void (wakes += 1),
      checkpoint: async () => 0,
      stop: async () => undefined,
    };
    service = new EventsIngestService(store, createLogger('silent'), projection);
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it.each<{ case: string; events: unknown[]; expected: number }>([
    { case: 'a valid event', events: [cloudEvent('call.completed')], expected: 1 },
    { case: 'only rejected events', events: [{ ...cloudEvent('call.completed'), id: '' }], expected: 0 },
  ])('after $case, wakes it $expected time(s)', async ({ events, expected }) => {
    await service.ingest('batch', Buffer.from(JSON.stringify(events)), { 'content-type': 'application/cloudevents-batch+json' });
    expect(wakes).toBe(expected);
  });
});
