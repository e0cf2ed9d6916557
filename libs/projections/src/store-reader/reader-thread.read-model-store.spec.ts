import type { StoredEvent } from '@app/event-store';
import { ReaderThreadEventReads } from './reader-thread.event-reads';
import { ReaderThreadReadModelStore } from './reader-thread.read-model-store';
import type { StoreReader } from './store-reader';

/** A StoreReader that answers every read with `answer(read, parameters)` and records what it was asked. */
function fakeReader(answer: (read: string, parameters: unknown[]) => unknown = () => undefined) {
  const asked: Array<[string, unknown[]]> = [];
  const reader = {
    read: (read: string, ...parameters: unknown[]) => {
      asked.push([read, parameters]);
      return Promise.resolve(answer(read, parameters));
    },
    close: jest.fn(),
  };
  return { reader: reader as unknown as StoreReader, asked, close: reader.close };
}

const event = (position: number): StoredEvent => ({
  position,
  eventId: `e-${position}`,
  streamId: 's',
  type: 'message.received',
  workspaceId: 'ws',
  time: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
  payload: '{}',
});

describe('the read models of serve’s main thread (in the store reader thread)', () => {
  it('asks the thread for each read, with its arguments', async () => {
    const { reader, asked } = fakeReader((read) => (read === 'readModels.checkpoint' ? 42 : new Map()));
    const store = new ReaderThreadReadModelStore(reader);
    const query = { index: 'activity-by-contact', workspaceId: 'ws', identifiers: ['phone:+33612345678'], limit: 5 } as const;
    await expect(store.checkpoint('hindsight')).resolves.toBe(42);
    await store.documents('contact', ['a', 'b']);
    await store.findDocuments(query);
    await store.findDocumentsWithReferences(query, { collection: 'conversation', field: 'conversationId', keyPrefix: 'ws/' });
    await store.quarantineCounts('hindsight');
    await store.sample('activity-by-contact', 10);
    expect(asked).toEqual([
      ['readModels.checkpoint', ['hindsight']],
      ['readModels.documents', ['contact', ['a', 'b']]],
      ['readModels.findDocuments', [query]],
      ['readModels.findDocumentsWithReferences', [query, { collection: 'conversation', field: 'conversationId', keyPrefix: 'ws/' }]],
      ['readModels.quarantineCounts', ['hindsight']],
      ['readModels.sample', ['activity-by-contact', 10]],
    ]);
  });

  it('refuses writes (they go through the writer thread) and leaves the thread to its owner on close', async () => {
    const { reader, asked, close } = fakeReader();
    const store = new ReaderThreadReadModelStore(reader);
    await expect(store.commit()).rejects.toThrow('read-only');
    await expect(store.requestRefold()).rejects.toThrow('read-only');
    await expect(store.reset()).rejects.toThrow('read-only');
    await store.close();
    expect(asked).toEqual([]);
    expect(close).not.toHaveBeenCalled();
  });
});

describe('the event reads of serve’s main thread (in the store reader thread)', () => {
  it('reads the whole log page by page, each page a read of its own', async () => {
    const log = [1, 2, 3, 4, 5].map(event);
    const { reader, asked } = fakeReader((_read, [options]) => {
      const { fromPosition, limit } = options as { fromPosition: number; limit: number };
      const events = log.filter((each) => each.position >= fromPosition).slice(0, limit);
      return { events, nextPosition: (events.at(-1)?.position ?? fromPosition - 1) + 1, endOfLog: events.length < limit };
    });
    const positions: number[] = [];
    for await (const stored of new ReaderThreadEventReads(reader).readAll({ pageSize: 2 })) positions.push(stored.position);
    expect(positions).toEqual([1, 2, 3, 4, 5]);
    expect(asked.map(([read, [options]]) => [read, (options as { fromPosition: number }).fromPosition])).toEqual([
      ['events.read', 1],
      ['events.read', 3],
      ['events.read', 5],
    ]);
  });
});
