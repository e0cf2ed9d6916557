import type { EventStore, StoredEvent } from '@app/event-store';
import type { HindsightEvent } from '@app/events';
import { makeEvent, messages } from '../support/events';

/** Harnesses open stores with a clock fixed at this instant. */
export const RECORDED_AT = '2026-06-01T12:00:00.000Z';

export interface StoreHarness {
  /** A new, empty store (each test gets its own). */
  open(): Promise<EventStore>;
  /** A second connection to the last opened store (another writer or reader). */
  reopen(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

const positions = (events: readonly StoredEvent[]) => events.map((event) => event.position);
const ids = (events: readonly StoredEvent[]) => events.map((event) => event.eventId);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

async function collect(iterable: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const event of iterable) all.push(event);
  return all;
}

/** The semantics every event store adapter must have; run once per adapter. */
export function eventStoreContract(harness: () => StoreHarness): void {
  let store: EventStore;
  const opened: EventStore[] = [];

  beforeEach(async () => {
    store = await harness().open();
    opened.push(store);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((each) => each.close()));
    await harness().cleanup();
  });

  it('starts empty', async () => {
    expect(await store.headPosition()).toBe(0);
    expect(await store.read()).toEqual({ events: [], nextPosition: 1, endOfLog: true });
  });

  it('appends a batch at gap-free positions and returns the exact CloudEvent', async () => {
    const batch = messages(5);
    const result = await store.append(batch);
    expect(result).toMatchObject({ appended: 5, duplicates: 0 });
    expect(result.outcomes.map((outcome) => outcome.position)).toEqual([1, 2, 3, 4, 5]);
    const page = await store.read();
    expect(positions(page.events)).toEqual([1, 2, 3, 4, 5]);
    expect(page.events.map((event) => event.payload)).toEqual(batch.map((event) => JSON.stringify(event)));
    expect(page.events[0]).toMatchObject({
      eventId: 'msg-0',
      type: 'message.received',
      workspaceId: 'ws-1',
      streamId: 'ws-1/conversation-conv-2',
      time: '2026-03-01T09:04:00.000Z',
    });
    expect(page.events.map((event) => event.recordedAt)).toEqual(Array(5).fill(RECORDED_AT));
  });

  it('reports a re-delivery in the same batch as a duplicate of the first copy', async () => {
    const [first, second] = messages(2);
    const result = await store.append([first, second, first]);
    expect(result).toMatchObject({ appended: 2, duplicates: 1 });
    expect(result.outcomes[2]).toEqual({ eventId: first.id, position: 1, duplicate: true });
    expect(await store.headPosition()).toBe(2);
  });

  it('dedupes by id forever, across batches and connections', async () => {
    await store.append(messages(3));
    await store.append(messages(10, 'other'));
    const later = await harness().reopen();
    opened.push(later);
    const result = await later.append([...messages(3), makeEvent('session.ended', 'fresh')]);
    expect(result).toMatchObject({ appended: 1, duplicates: 3 });
    expect(result.outcomes.map((outcome) => [outcome.position, outcome.duplicate])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [14, false],
    ]);
    expect((await store.footprint()).events).toBe(14);
  });

  it('appends the new events of a batch whose stored ids come after them, at gap-free positions', async () => {
    await store.append(messages(2));
    const result = await store.append([...messages(2, 'new'), ...messages(2)]);
    expect(result.outcomes.map((outcome) => [outcome.eventId, outcome.position, outcome.duplicate])).toEqual([
      ['new-0', 3, false],
      ['new-1', 4, false],
      ['msg-0', 1, true],
      ['msg-1', 2, true],
    ]);
    expect(positions((await store.read()).events)).toEqual([1, 2, 3, 4]);
    expect(await store.headPosition()).toBe(4);
  });

  // The parser refuses a lone surrogate (JSON can escape one into an id); should one reach a store anyway,
  // the drivers store it as U+FFFD, and dedupe must agree.
  it('dedupes an id holding a lone surrogate like any other', async () => {
    const withId = (id: string): HindsightEvent => ({ ...makeEvent('session.ended', 'odd'), id });
    const odd = withId('odd-\ud800-id');
    expect((await store.append([odd])).outcomes).toEqual([{ eventId: 'odd-\ufffd-id', position: 1, duplicate: false }]);
    expect(await store.append([odd, withId('odd-\udc00-id')])).toMatchObject({ appended: 0, duplicates: 2 });
    expect(ids((await store.read()).events)).toEqual(['odd-\ufffd-id']);
  });

  it('keeps events after the store is closed and reopened', async () => {
    await store.append(messages(3));
    await store.close();
    const reopened = await harness().reopen();
    opened.push(reopened);
    expect(ids((await reopened.read()).events)).toEqual(['msg-0', 'msg-1', 'msg-2']);
    expect((await reopened.append(messages(1))).duplicates).toBe(1);
  });

  // Transports map this code (HTTP 503); an unexplained error would look like a bug in the caller.
  it('reports an append to a closed store as STORE_UNAVAILABLE', async () => {
    await store.close();
    await expect(store.append(messages(1, 'closed'))).rejects.toMatchObject({ name: 'EventStoreError', code: 'STORE_UNAVAILABLE' });
  });

  it('pages forward from a position', async () => {
    await store.append(messages(25));
    const first = await store.read({ limit: 10 });
    expect(positions(first.events)).toEqual(range(1, 10));
    expect(first).toMatchObject({ nextPosition: 11, endOfLog: false });
    const last = await store.read({ fromPosition: 21, limit: 10 });
    expect(positions(last.events)).toEqual(range(21, 25));
    expect(last).toMatchObject({ nextPosition: 26, endOfLog: true });
    expect(await store.read({ fromPosition: 26 })).toMatchObject({ events: [], nextPosition: 26, endOfLog: true });
  });

  describe('filters', () => {
    beforeEach(async () => {
      await store.append([
        makeEvent('message.received', 'a', { time: '2026-01-01T00:00:00Z' }),
        makeEvent('call.completed', 'b', { time: '2026-01-02T00:00:00Z' }),
        makeEvent('message.received', 'c', { time: '2026-01-03T00:00:00Z', data: { workspaceId: 'ws-2' } }),
        makeEvent('session.ended', 'd', { time: '2026-01-04T00:00:00Z' }),
        makeEvent('message.sent', 'e', { time: '2025-12-31T23:59:59.999Z' }),
      ]);
    });

    it.each<[string, Parameters<EventStore['read']>[0], string[]]>([
      ['types', { types: ['message.received', 'message.sent'] }, ['a', 'c', 'e']],
      ['workspace', { workspaceId: 'ws-2' }, ['c']],
      ['time from (inclusive)', { fromTime: '2026-01-02T00:00:00Z' }, ['b', 'c', 'd']],
      ['time to (exclusive)', { toTime: '2026-01-02T00:00:00Z' }, ['a', 'e']],
      ['time range', { fromTime: '2026-01-01T00:00:00Z', toTime: '2026-01-04T00:00:00Z' }, ['a', 'b', 'c']],
      ['combined', { types: ['message.received'], workspaceId: 'ws-1', fromTime: '2026-01-01T00:00:00Z' }, ['a']],
      ['from position', { fromPosition: 3, types: ['message.received', 'session.ended'] }, ['c', 'd']],
    ])('by %s', async (_case, options, expected) => {
      expect(ids((await store.read(options)).events)).toEqual(expected);
    });

    it('pages through a filtered read', async () => {
      const first = await store.read({ types: ['message.received', 'message.sent'], limit: 2 });
      expect(ids(first.events)).toEqual(['a', 'c']);
      const second = await store.read({ types: ['message.received', 'message.sent'], limit: 2, fromPosition: first.nextPosition });
      expect(ids(second.events)).toEqual(['e']);
    });
  });

  it('reads one stream in order', async () => {
    await store.append([
      makeEvent('call.completed', 'c1'),
      makeEvent('message.received', 'm1'),
      makeEvent('call.transcript.completed', 't1'),
      makeEvent('call.summary.completed', 's1'),
      makeEvent('call.completed', 'other-call', { data: { callId: 'call-2' } }),
    ]);
    const stream = await store.readStream('ws-1/call-call-1');
    expect(ids(stream.events)).toEqual(['c1', 't1', 's1']);
    expect(ids((await store.readStream('ws-1/call-call-1', { fromPosition: 4 })).events)).toEqual(['s1']);
    expect((await store.readStream('ws-2/call-call-1')).events).toEqual([]);
  });

  it('streams a large read page by page, in order', async () => {
    await store.append(messages(1000));
    await store.append(messages(234, 'more'));
    const all = await collect(store.readAll({ pageSize: 100 }));
    expect(positions(all)).toEqual(range(1, 1234));
    const filtered = await collect(store.readAll({ pageSize: 7, fromPosition: 1001 }));
    expect(ids(filtered)).toEqual(Array.from({ length: 234 }, (_, index) => `more-${index}`));
  });

  it('rejects invalid read options with a clear error', async () => {
    await expect(store.read({ fromPosition: 0 })).rejects.toMatchObject({
      code: 'STORE_READ_INVALID',
      message: expect.stringMatching(/fromPosition/),
    });
    await expect(store.read({ limit: 1_000_000 })).rejects.toMatchObject({ code: 'STORE_READ_INVALID' });
    await expect(store.read({ fromTime: 'yesterday' })).rejects.toMatchObject({
      code: 'STORE_READ_INVALID',
      message: expect.stringMatching(/fromTime/),
    });
  });

  it('keeps concurrent writers gap-free, duplicate-free and never shows a later position first', async () => {
    const writers = await Promise.all([store, await harness().reopen(), await harness().reopen()].map(async (writer) => writer));
    opened.push(...writers.slice(1));
    const batches = Array.from({ length: 30 }, (_, batch) =>
      // Overlapping ids between batches: every id is written by several writers.
      messages(50, `w${batch % 10}`),
    );
    let reading = true;
    const violations: string[] = [];
    const reader = (async () => {
      while (reading) {
        const seen = positions(await collect(store.readAll({ pageSize: 500 })));
        if (seen.some((position, index) => position !== index + 1)) violations.push(`gap in ${seen.length} events`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all(batches.map((batch, index) => writers[index % writers.length].append(batch)));
    reading = false;
    await reader;
    const all = await collect(store.readAll());
    expect(violations).toEqual([]);
    expect(positions(all)).toEqual(range(1, 500));
    expect(new Set(ids(all)).size).toBe(500);
  });
}
