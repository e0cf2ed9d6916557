import { contactIdentifier, type IndexEntry } from '@app/history';
import { historyWarmUpRequests, type IndexQuery, openReadModelStore, type ReadModelStore } from '@app/projections';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const phone = contactIdentifier.phone('+1');
const contactId = contactIdentifier.contactId('c-1');

/** An activity document indexed under each of `identifiers` in inbox `scope` at `time`. */
function activity(key: string, time: string, identifiers: readonly string[], scope = 'inbox-1', conversationId?: string) {
  const addedIndexEntries: IndexEntry[] = identifiers.map((identifier) => ({
    index: 'activity-by-contact',
    workspaceId: 'ws-1',
    identifier,
    scope,
    sortKey: time,
  }));
  return { collection: 'activity', key, documentJson: JSON.stringify({ key, conversationId }), addedIndexEntries, removedIndexEntries: [] };
}

const query = (overrides: Partial<IndexQuery>): IndexQuery => ({
  index: 'activity-by-contact',
  workspaceId: 'ws-1',
  identifiers: [phone],
  limit: 30,
  ...overrides,
});

// The index read that every history and timeline answer starts from, on each store.
describe.each(TEST_ENGINES())('read model index on %s', (engine) => {
  let store: TestStore;
  let readModels: ReadModelStore;

  beforeAll(async () => {
    store = await createTestStore(engine);
    readModels = await openReadModelStore(store.url);
    await readModels.commit(
      'index-test',
      [
        activity('a-old', '2026-03-01T10:00:00.000Z', [phone], 'inbox-1', 'conversation-missing'),
        activity('a-tie-1', '2026-03-05T10:00:00.000Z', [phone], 'inbox-1', 'conversation-a'),
        activity('a-tie-2', '2026-03-05T10:00:00.000Z', [phone]),
        activity('a-new', '2026-03-09T10:00:00.000Z', [phone, contactId], 'inbox-1', 'conversation-a'),
        activity('a-by-id', '2026-03-07T10:00:00.000Z', [contactId]),
        activity('a-other-inbox', '2026-03-08T10:00:00.000Z', [phone], 'inbox-2', 'conversation-b'),
        activity('a-other-caller', '2026-03-08T10:00:00.000Z', [contactIdentifier.phone('+2')]),
        activity('a-by-mail', '2026-03-02T10:00:00.000Z', [contactIdentifier.email('someone@example.com')]),
        ...['conversation-a', 'conversation-b', 'conversation-unnamed'].map((conversationId) => ({
          collection: 'conversation',
          key: `ws-1/${conversationId}`,
          documentJson: JSON.stringify({ conversationId }),
          addedIndexEntries: [],
          removedIndexEntries: [],
        })),
      ],
      0,
      1,
    );
  });
  afterAll(async () => {
    await readModels.close();
    await store.cleanup();
  });

  const keys = async (overrides: Partial<IndexQuery>) => (await readModels.find(query(overrides))).map((hit) => hit.key);

  it.each<[string, Partial<IndexQuery>, string[]]>([
    ['one caller in one inbox, newest first, ties by key descending', { scope: 'inbox-1' }, ['a-new', 'a-tie-2', 'a-tie-1', 'a-old']],
    ['the newest `limit` only', { scope: 'inbox-1', limit: 2 }, ['a-new', 'a-tie-2']],
    [
      'an inclusive window on the sort key',
      { scope: 'inbox-1', fromSortKey: '2026-03-05T10:00:00.000Z', toSortKey: '2026-03-08T00:00:00.000Z' },
      ['a-tie-2', 'a-tie-1'],
    ],
    ['every inbox when no scope is given', {}, ['a-new', 'a-other-inbox', 'a-tie-2', 'a-tie-1', 'a-old']],
    [
      'several identifiers of one contact, each document once',
      { scope: 'inbox-1', identifiers: [phone, contactId] },
      ['a-new', 'a-by-id', 'a-tie-2', 'a-tie-1', 'a-old'],
    ],
    ['several identifiers, limited', { scope: 'inbox-1', identifiers: [phone, contactId], limit: 2 }, ['a-new', 'a-by-id']],
    ['another workspace sees nothing', { workspaceId: 'ws-2' }, []],
    ['no identifier finds nothing', { identifiers: [] }, []],
  ])('finds %s', async (_name, overrides, expected) => {
    expect(await keys(overrides)).toEqual(expected);
  });

  it('gives each hit its sort key and scope', async () => {
    expect(await readModels.find(query({ scope: 'inbox-1', limit: 1 }))).toEqual([
      { key: 'a-new', sortKey: '2026-03-09T10:00:00.000Z', scope: 'inbox-1' },
    ]);
    // Across scopes and identifiers, each document once with its own inbox: what permission checks read.
    expect(await readModels.find(query({ identifiers: [phone, contactId], limit: 3 }))).toEqual([
      { key: 'a-new', sortKey: '2026-03-09T10:00:00.000Z', scope: 'inbox-1' },
      { key: 'a-other-inbox', sortKey: '2026-03-08T10:00:00.000Z', scope: 'inbox-2' },
      { key: 'a-by-id', sortKey: '2026-03-07T10:00:00.000Z', scope: 'inbox-1' },
    ]);
  });

  it.each<[string, Partial<IndexQuery>]>([
    ['one caller in one inbox', { scope: 'inbox-1' }],
    ['several identifiers, limited', { scope: 'inbox-1', identifiers: [phone, contactId], limit: 2 }],
    ['every inbox', {}],
    ['no identifier', { identifiers: [] }],
  ])('reads the documents of the hits in their order: %s', async (_name, overrides) => {
    const documents = await readModels.findDocuments<{ key: string }>(query(overrides));
    expect(documents.map((document) => document.key)).toEqual(await keys(overrides));
  });

  it.each<[string, Partial<IndexQuery>, string[]]>([
    ['one caller in one inbox', { scope: 'inbox-1' }, ['conversation-a']],
    ['every inbox', {}, ['conversation-a', 'conversation-b']],
    ['no identifier', { identifiers: [] }, []],
  ])('reads the documents of the hits with those they name, in one read: %s', async (_name, overrides, conversations) => {
    const read = await readModels.findDocumentsWithReferences<{ key: string }, { conversationId: string }>(query(overrides), {
      collection: 'conversation',
      field: 'conversationId',
      keyPrefix: 'ws-1/',
    });
    expect(read.documents.map((document) => document.key)).toEqual(await keys(overrides));
    // Documents without the field, or naming a missing document, name none; each named document once.
    expect([...read.references.keys()].sort()).toEqual(conversations.map((conversationId) => `ws-1/${conversationId}`));
    expect([...read.references.values()].map((conversation) => conversation.conversationId).sort()).toEqual(conversations);
  });

  it('samples entries of one index, each as it was written', async () => {
    const sample = await readModels.sample('activity-by-contact', 3);
    expect(sample).toHaveLength(3);
    for (const entry of sample)
      expect(entry).toEqual({
        index: 'activity-by-contact',
        workspaceId: 'ws-1',
        identifier: expect.any(String),
        scope: expect.any(String),
        sortKey: expect.any(String),
      });
    expect(await readModels.sample('contact-by-identifier', 3)).toEqual([]);
  });

  it('turns the sample into warm-up requests at each activity time, by phone or contactId (not e-mail)', async () => {
    const requests = await historyWarmUpRequests(readModels, 100);
    expect(requests).toHaveLength(8);
    expect(requests).toEqual(
      expect.arrayContaining([
        { workspaceId: 'ws-1', inboxId: 'inbox-1', phone: '+1', at: '2026-03-09T10:00:00.000Z' },
        { workspaceId: 'ws-1', inboxId: 'inbox-1', contactId: 'c-1', at: '2026-03-07T10:00:00.000Z' },
        { workspaceId: 'ws-1', inboxId: 'inbox-2', phone: '+1', at: '2026-03-08T10:00:00.000Z' },
      ]),
    );
    expect(await historyWarmUpRequests(readModels, 0)).toEqual([]);
  });
});
