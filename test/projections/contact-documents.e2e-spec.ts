import { contactIdentifier, type IndexEntry } from '@app/history';
import { type ContactDocumentsQuery, type DocumentWrite, openReadModelStore, type ReadModelStore } from '@app/projections';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const tel = contactIdentifier.phone;

const entry = (index: IndexEntry['index'], identifier: string, scope: string, sortKey: string): IndexEntry => ({
  index,
  workspaceId: 'ws-1',
  identifier,
  scope,
  sortKey,
});

function write(collection: string, key: string, document: unknown, entries: IndexEntry[] = []): DocumentWrite {
  return { collection, key, documentJson: JSON.stringify(document), addedIndexEntries: entries, removedIndexEntries: [] };
}

/** An activity in `scope` at `time`, indexed under each of `identifiers`, in conversation `conversation` when given. */
const activity = (key: string, time: string, identifiers: string[], scope = 'inbox-1', conversation?: string) =>
  write(
    'activity',
    key,
    { key, conversationId: conversation },
    identifiers.map((identifier) => entry('activity-by-contact', identifier, scope, time)),
  );

/** A contact document found by its phones' index entries, holding `listed` in its `identifiers` field when given. */
const contact = (contactId: string, phones: string[], identifiedAt: string, listed?: unknown) =>
  write(
    'contact',
    `ws-1/${contactId}`,
    { contactId, phones, ...(listed === undefined ? {} : { identifiers: listed }) },
    phones.map((phone) => entry('contact-by-identifier', tel(phone), '', identifiedAt)),
  );

const byPhone = (phone: string): ContactDocumentsQuery['contact'] => ({
  query: { index: 'contact-by-identifier', workspaceId: 'ws-1', identifiers: [tel(phone)], scope: '', limit: 1 },
});

function query(
  asked: string,
  lookup: ContactDocumentsQuery['contact'],
  overrides: Partial<ContactDocumentsQuery['query']> = {},
): ContactDocumentsQuery {
  return {
    documents: [
      { collection: 'inbox', key: 'ws-1/inbox-1' },
      { collection: 'inbox', key: 'ws-1/inbox-missing' },
    ],
    contact: lookup,
    identifiersField: 'identifiers',
    query: { index: 'activity-by-contact', workspaceId: 'ws-1', identifiers: [asked], scope: 'inbox-1', limit: 30, ...overrides },
    reference: { collection: 'conversation', field: 'conversationId', keyPrefix: 'ws-1/' },
  };
}

// What one history call reads, on each store: the same answer from one statement (PostgreSQL) as from reads in a row (SQLite).
describe.each(TEST_ENGINES())('a caller’s documents in one read on %s', (engine) => {
  let store: TestStore;
  let readModels: ReadModelStore;

  beforeAll(async () => {
    store = await createTestStore(engine);
    readModels = await openReadModelStore(store.url);
    await readModels.commit(
      'contact-documents-test',
      [
        write('inbox', 'ws-1/inbox-1', { inboxId: 'inbox-1' }),
        write('conversation', 'ws-1/conversation-a', { conversationId: 'conversation-a' }),
        // Alice: by phone +1 and +2, her contactId and an e-mail; listed in her document.
        contact('alice', ['+1', '+2'], '2026-03-01T00:00:00.000Z', ['id:alice', 'tel:+1', 'tel:+2', 'mail:alice@example.com']),
        activity('a-phone', '2026-03-09T10:00:00.000Z', [tel('+1')], 'inbox-1', 'conversation-a'),
        activity('a-id', '2026-03-08T10:00:00.000Z', ['id:alice'], 'inbox-1', 'conversation-missing'),
        activity('a-mail', '2026-03-07T10:00:00.000Z', ['mail:alice@example.com']),
        activity('a-second-phone', '2026-03-06T10:00:00.000Z', [tel('+2')]),
        activity('a-other-inbox', '2026-03-09T11:00:00.000Z', ['id:alice'], 'inbox-2'),
        // Bob, as an earlier build stored him (no list), and Carol with a list that is not one.
        contact('bob', ['+3'], '2026-03-01T00:00:00.000Z'),
        activity('b-phone', '2026-03-05T10:00:00.000Z', [tel('+3')]),
        activity('b-id', '2026-03-04T10:00:00.000Z', ['id:bob']),
        contact('carol', ['+4'], '2026-03-01T00:00:00.000Z', 'id:carol'),
        activity('c-phone', '2026-03-05T10:00:00.000Z', [tel('+4')]),
        activity('c-id', '2026-03-04T10:00:00.000Z', ['id:carol']),
        // +5 was identified as Dave, then as Erin: the newest identification wins.
        contact('dave', ['+5'], '2026-03-01T00:00:00.000Z', ['id:dave', 'tel:+5']),
        contact('erin', ['+5'], '2026-03-02T00:00:00.000Z', ['id:erin', 'tel:+5', 42, null]),
        activity('d-id', '2026-03-04T10:00:00.000Z', ['id:dave']),
        activity('e-id', '2026-03-03T10:00:00.000Z', ['id:erin']),
        activity('stranger', '2026-03-05T10:00:00.000Z', [tel('+9')]),
      ],
      0,
      1,
    );
  });
  afterAll(async () => {
    await readModels?.close();
    await store?.cleanup();
  });

  it.each<[string, ContactDocumentsQuery, string[], string | undefined, string[]]>([
    [
      'a phone linked to a contact: every identifier the contact lists, newest first',
      query(tel('+1'), byPhone('+1')),
      ['a-phone', 'a-id', 'a-mail', 'a-second-phone'],
      'alice',
      ['ws-1/conversation-a'],
    ],
    [
      'the contact by its key (asked by contactId)',
      query('id:alice', { collection: 'contact', key: 'ws-1/alice' }),
      ['a-phone', 'a-id', 'a-mail', 'a-second-phone'],
      'alice',
      ['ws-1/conversation-a'],
    ],
    [
      'the newest `limit` across identifiers',
      query(tel('+1'), byPhone('+1'), { limit: 2 }),
      ['a-phone', 'a-id'],
      'alice',
      ['ws-1/conversation-a'],
    ],
    [
      'an inclusive window',
      query(tel('+1'), byPhone('+1'), { fromSortKey: '2026-03-07T10:00:00.000Z', toSortKey: '2026-03-08T10:00:00.000Z' }),
      ['a-id', 'a-mail'],
      'alice',
      [],
    ],
    ['another inbox', query(tel('+1'), byPhone('+1'), { scope: 'inbox-2' }), ['a-other-inbox'], 'alice', []],
    ['a contact stored without the list: the asked identifier only', query(tel('+3'), byPhone('+3')), ['b-phone'], 'bob', []],
    ['a list that is not an array: the asked identifier only', query(tel('+4'), byPhone('+4')), ['c-phone'], 'carol', []],
    [
      'a phone two contacts share: the newest one, ignoring entries that are not texts',
      query(tel('+5'), byPhone('+5')),
      ['e-id'],
      'erin',
      [],
    ],
    ['a caller no contact links', query(tel('+9'), byPhone('+9')), ['stranger'], undefined, []],
    ['a contactId with no contact document', query('id:zoe', { collection: 'contact', key: 'ws-1/zoe' }), [], undefined, []],
    ['another workspace', query(tel('+1'), byPhone('+1'), { workspaceId: 'ws-2' }), [], 'alice', []],
  ])('reads %s', async (_case, wanted, activities, contactId, conversations) => {
    const read = await readModels.findContactDocuments<{ contactId: string }, { key: string }, { conversationId: string }>(wanted);
    expect(read.documents.map((document) => document.key)).toEqual(activities);
    expect(read.contact?.contactId).toBe(contactId);
    expect([...read.references.keys()]).toEqual(conversations);
    // The documents asked for by key, each under its id; a missing one absent.
    expect([...read.byKey.values()]).toEqual([{ inboxId: 'inbox-1' }]);
  });
});
