import type { EventType, HindsightEvent } from '@app/events';
import { validateEvent } from '@app/events';
import { cloudEvent, VALID_DATA } from '@app/events/testing/event.fixtures';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { documentId, foldEvents, HINDSIGHT_PROJECTIONS, parseDocumentId } from '@app/history';
import { ReadModelTimelineQuery } from '@app/projections';
import { appendAndProject, openReadSide, type ReadSide } from '../support/read-side';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const AT = '2026-03-22T12:00:00.000Z';
const daysAgo = (days: number) => new Date(Date.parse(AT) - days * 86_400_000).toISOString();
let sequence = 0;

function event(type: EventType, time: string, data: Record<string, unknown> = {}): HindsightEvent {
  sequence += 1;
  const result = validateEvent(cloudEvent(type, { ...VALID_DATA[type], ...data }, { id: `e-${sequence}`, time }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
}

/** A call with its transcript and summary, `days` ago. */
function call(callId: string, days: number, data: Record<string, unknown> = {}, summary: Record<string, unknown> = {}): HindsightEvent[] {
  const startedAt = daysAgo(days);
  const endedAt = new Date(Date.parse(startedAt) + 120_000).toISOString();
  return [
    event('call.completed', endedAt, { callId, conversationId: `conv-${callId}`, startedAt, answeredAt: startedAt, endedAt, ...data }),
    event('call.transcript.completed', endedAt, { callId, workspaceId: data.workspaceId ?? 'ws-1' }),
    event('call.summary.completed', endedAt, {
      callId,
      workspaceId: data.workspaceId ?? 'ws-1',
      summary: `Summary of ${callId}`,
      nextSteps: [],
      ...summary,
    }),
  ];
}

describe.each(TEST_ENGINES())('history read side on %s', (engine) => {
  let store: TestStore;
  let side: ReadSide;

  beforeEach(async () => {
    store = await createTestStore(engine);
    side = await openReadSide(store.url, AT, 7);
  });
  afterEach(async () => {
    await side.close();
    await store.cleanup();
  });

  const history = (request: Record<string, string>) =>
    side.query.getHistory({ workspaceId: 'ws-1', inboxId: 'inbox-1', phone: '+33612345678', ...request });

  it('answers the window of one caller in one inbox, newest first', async () => {
    await appendAndProject(side, [
      ...call('old', 25),
      ...call('recent', 3),
      ...call('today', 0.1),
      event('message.received', daysAgo(1), { messageId: 'sms-1' }),
    ]);
    const result = await history({});
    expect(result.activities.map((activity) => activity.id)).toEqual(['today', 'sms-1', 'recent']);
    expect(result.lastSummary).toMatchObject({ activityId: 'today', summary: 'Summary of today' });
    expect(result).toMatchObject({ available: true, windowStart: daysAgo(21), windowEnd: AT });
  });

  it('keeps inboxes and workspaces apart (the same phone in two workspaces)', async () => {
    await appendAndProject(side, [
      ...call('mine', 2),
      ...call('other-inbox', 2, { inboxId: 'inbox-2' }),
      ...call('other-workspace', 2, { workspaceId: 'ws-2' }),
    ]);
    expect((await history({})).activities.map((activity) => activity.id)).toEqual(['mine']);
    expect((await history({ inboxId: 'inbox-2' })).activities.map((activity) => activity.id)).toEqual(['other-inbox']);
    expect((await history({ workspaceId: 'ws-2' })).activities.map((activity) => activity.id)).toEqual(['other-workspace']);
  });

  it('finds a contact by phone after it was identified by contactId, and the other way round', async () => {
    await appendAndProject(side, [
      ...call('by-phone', 5),
      ...call('by-id', 2, { contact: { contactId: 'alice' } }),
      event('contact.identified', daysAgo(4), { contactId: 'alice', phone: '+33612345678', email: undefined }),
    ]);
    expect((await history({})).activities.map((activity) => activity.id)).toEqual(['by-id', 'by-phone']);
    expect((await history({ phone: '', contactId: 'alice' })).activities.map((activity) => activity.id)).toEqual(['by-id', 'by-phone']);
  });

  it('bounds the lookup of a contact linked to more phones than any real one has, still finding each caller', async () => {
    const phones = Array.from({ length: 40 }, (_unused, index) => `+336123456${String(index).padStart(2, '0')}`);
    await appendAndProject(side, [
      ...phones.map((phone) => event('contact.identified', daysAgo(6), { contactId: 'alice', phone, email: undefined })),
      ...call('by-id', 2, { contact: { contactId: 'alice' } }),
      ...call('by-last-phone', 3, { contact: { phone: phones[39] } }),
      ...call('by-first-phone', 4, { contact: { phone: phones[0] } }),
    ]);
    const contact = (await side.readModels.documents<{ identifiers: string[] }>('contact', ['ws-1/alice'])).get('ws-1/alice')!;
    expect(contact.identifiers).toHaveLength(32);
    // The asked phone is always looked under, with the contactId and the first 31 phones; a lookup by contactId
    // does not reach the 40th phone.
    expect((await history({ phone: phones[39] })).activities.map((activity) => activity.id)).toEqual([
      'by-id',
      'by-last-phone',
      'by-first-phone',
    ]);
    expect((await history({ phone: phones[0] })).activities.map((activity) => activity.id)).toEqual(['by-id', 'by-first-phone']);
    expect((await history({ phone: '', contactId: 'alice' })).activities.map((activity) => activity.id)).toEqual([
      'by-id',
      'by-first-phone',
    ]);
  });

  it('finds a linked caller whose contact was projected before contacts listed their identifiers', async () => {
    await appendAndProject(side, [
      ...call('by-phone', 5),
      ...call('by-id', 2, { contact: { contactId: 'alice' } }),
      event('contact.identified', daysAgo(4), { contactId: 'alice', phone: '+33612345678', email: undefined }),
    ]);
    // The contact document as an earlier build stored it: phones and e-mails, no `identifiers`.
    const key = 'ws-1/alice';
    const stored = (await side.readModels.documents<Record<string, unknown>>('contact', [key])).get(key)!;
    expect(stored.identifiers).toEqual(['id:alice', 'tel:+33612345678']);
    const { identifiers: _listed, ...older } = stored;
    const checkpoint = await side.readModels.checkpoint('hindsight');
    await side.readModels.commit(
      'hindsight',
      [{ collection: 'contact', key, documentJson: JSON.stringify(older), addedIndexEntries: [], removedIndexEntries: [] }],
      checkpoint,
      checkpoint,
    );
    expect((await history({})).activities.map((activity) => activity.id)).toEqual(['by-id', 'by-phone']);
    expect((await history({ phone: '', contactId: 'alice' })).activities.map((activity) => activity.id)).toEqual(['by-id', 'by-phone']);
  });

  it('gives the same answer whatever the arrival order, with re-deliveries', async () => {
    const events = [
      ...call('a', 4, {}, { nextSteps: ['Send the quote'] }),
      ...call('b', 2),
      event('conversation.wrapup.assigned', daysAgo(1.9), { conversationId: 'conv-b', code: 'callback' }),
    ];
    await appendAndProject(side, events);
    const expected = await history({});
    const shuffled = await createTestStore(engine);
    const other = await openReadSide(shuffled.url, AT, 3);
    try {
      const reversed = [...events].reverse();
      await appendAndProject(other, [...reversed.slice(0, 4)]);
      await appendAndProject(other, [...reversed, ...reversed.slice(2, 5)]);
      expect(await other.query.getHistory({ workspaceId: 'ws-1', inboxId: 'inbox-1', phone: '+33612345678' })).toEqual(expected);
      expect(expected.activities[0]).toMatchObject({ id: 'b', wrapupCode: 'callback' });
    } finally {
      await other.close();
      await shuffled.cleanup();
    }
  });

  it('never puts internal notes, comments, reactions, tags or wrap-up notes in an answer', async () => {
    const secret = 'INTERNAL-ONLY-7f3a';
    await appendAndProject(side, [
      ...call('a', 1, { conversationId: 'conv-a' }),
      event('conversation.note.added', daysAgo(0.9), { conversationId: 'conv-a', body: secret }),
      event('conversation.comment.added', daysAgo(0.9), { conversationId: 'conv-a', body: secret }),
      event('conversation.reaction.added', daysAgo(0.9), { conversationId: 'conv-a', emoji: secret }),
      event('conversation.tag.added', daysAgo(0.9), { conversationId: 'conv-a', tag: secret }),
      event('conversation.wrapup.assigned', daysAgo(0.8), { conversationId: 'conv-a', code: 'callback', notes: secret }),
    ]);
    const answer = await history({});
    expect(answer.activities[0]).toMatchObject({ id: 'a', wrapupCode: 'callback' });
    expect(JSON.stringify(answer)).not.toContain(secret);
  });

  it('gives the contact timeline across every inbox of the workspace (what insights read)', async () => {
    await appendAndProject(side, [
      ...call('inbox-one', 3),
      ...call('inbox-two', 2, { inboxId: 'inbox-2', contact: { contactId: 'alice' } }),
      ...call('too-old', 200),
      ...call('other-workspace', 1, { workspaceId: 'ws-2' }),
      event('contact.identified', daysAgo(10), { contactId: 'alice', phone: '+33612345678', email: undefined }),
      event('conversation.wrapup.assigned', daysAgo(1.5), { conversationId: 'conv-inbox-two', code: 'sale', notes: 'internal' }),
    ]);
    const query = new ReadModelTimelineQuery(side.readModels);
    const timeline = (request: Partial<Parameters<ReadModelTimelineQuery['getTimeline']>[0]>) =>
      query.getTimeline({ workspaceId: 'ws-1', phone: '+33612345678', from: daysAgo(183), to: AT, limit: 12, ...request });
    const all = await timeline({});
    expect(all.map((entry) => entry.activity.id)).toEqual(['inbox-two', 'inbox-one']);
    expect(all[0].wrapup).toMatchObject({ code: 'sale' });
    expect(JSON.stringify(all)).not.toContain('internal');
    expect((await timeline({ limit: 1 })).map((entry) => entry.activity.id)).toEqual(['inbox-two']);
    expect((await timeline({ inboxIds: ['inbox-1'] })).map((entry) => entry.activity.id)).toEqual(['inbox-one']);
    expect((await timeline({ phone: undefined, contactId: 'alice' })).map((entry) => entry.activity.id)).toEqual([
      'inbox-two',
      'inbox-one',
    ]);
  });

  it('answers with a reason when the inbox has history disabled', async () => {
    await appendAndProject(side, [...call('a', 1), event('inbox.configured', daysAgo(30), { historyEnabled: false })]);
    expect(await history({})).toMatchObject({ available: false, unavailableReason: 'history is disabled for this inbox', activities: [] });
  });

  it('builds the same documents as folding the whole log in memory', async () => {
    const events = [
      ...call('a', 4),
      ...call('b', 2),
      event('session.routed', daysAgo(1)),
      event('session.ended', daysAgo(0.9)),
      event('contact.identified', daysAgo(3)),
    ];
    await appendAndProject(side, events);
    const expected = foldEvents(HINDSIGHT_PROJECTIONS, events);
    const stored = await side.readModels.load([...expected.keys()].map(parseDocumentId));
    expect(Object.fromEntries(stored)).toEqual(JSON.parse(JSON.stringify(Object.fromEntries(expected))));
    expect(await side.engine.checkpoint()).toBe(events.length);
    expect(stored.has(documentId('session', 'ws-1/session-1'))).toBe(true);
  });

  it('reads a batch larger than a store page in several pages, and applies it in one commit', async () => {
    const wide = await openReadSide(store.url, AT, 12_000);
    try {
      const events = [...syntheticEvents(10_500, { contacts: 500, workspaces: 1, inboxesPerWorkspace: 2 })].map((raw) => {
        const result = validateEvent(raw);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return result.event;
      });
      await wide.events.append(events);
      expect(await wide.engine.step()).toBe(10_500);
      expect(await wide.engine.checkpoint()).toBe(10_500);
      expect(await wide.engine.step()).toBe(0);
    } finally {
      await wide.close();
    }
  });
});
