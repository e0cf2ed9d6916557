import type { EventType, HindsightEvent } from '@app/events';
import { EVENT_TYPES, INTERNAL_EVENT_TYPES, validateEvent } from '@app/events';
import { cloudEvent, VALID_DATA } from '@app/events/testing/event.fixtures';
import { MAX_CALLER_IDENTIFIERS } from '../contact-identifier';
import type { ActivityDocument, ConversationDocument } from '../read-model.types';
import { MAX_CONTACT_LINKS } from './contact.projection';
import type { DocumentProjection } from './document-projection';
import { documentId } from './document-key';
import { foldEvents } from './fold-events';
import { HINDSIGHT_PROJECTIONS } from './index';

function event(type: EventType, id: string, time: string, data: Record<string, unknown> = {}): HindsightEvent {
  const result = validateEvent(cloudEvent(type, { ...VALID_DATA[type], ...data }, { id, time }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

const fold = (events: readonly HindsightEvent[]) => foldEvents(HINDSIGHT_PROJECTIONS, events);
const activity = (documents: Map<string, unknown>, key = 'ws-1/call:call-1') =>
  documents.get(documentId('activity', key)) as ActivityDocument | undefined;

describe('activity projection', () => {
  const callEvents = [
    event('call.completed', 'c1', '2026-03-01T09:04:00Z'),
    event('call.transcript.completed', 't1', '2026-03-01T09:05:00Z'),
    event('call.summary.completed', 's1', '2026-03-01T09:06:00Z', { summary: 'First summary', nextSteps: ['Call back'] }),
    event('call.summary.completed', 's2', '2026-03-01T12:00:00Z', { summary: 'Corrected summary', nextSteps: [] }),
    event('conversation.wrapup.assigned', 'w1', '2026-03-01T09:07:00Z'),
  ];

  it('yields the same documents whatever the arrival order (late, early, out of order)', () => {
    const expected = Object.fromEntries(fold(callEvents));
    for (const order of permutations(callEvents)) expect(Object.fromEntries(fold(order))).toEqual(expected);
    expect(activity(fold(callEvents))).toMatchObject({
      summary: 'Corrected summary',
      nextSteps: [],
      status: 'answered',
      inboxId: 'inbox-1',
    });
  });

  it('builds a call from its three events', () => {
    expect(activity(fold(callEvents))).toMatchObject({
      kind: 'call',
      id: 'call-1',
      direction: 'inbound',
      channel: 'voice',
      occurredAt: '2026-03-01T09:00:00.000Z',
      durationSeconds: 240,
      handledBy: { kind: 'ai_agent', id: 'sona', name: 'Sona' },
      transcriptLanguage: 'fr-FR',
      transcriptExcerpt: 'AI agent: Bonjour, comment puis-je vous aider ? Caller: Je voudrais déplacer mon rendez-vous.',
      jobs: [{ jobId: 'job-1', name: 'Reschedule', outcome: 'completed', collected: {} }],
    });
  });

  it('keeps a transcript that arrives before its call, unplaced until the call arrives', () => {
    const early = fold([callEvents[1]]);
    expect(activity(early)).toMatchObject({ transcriptLanguage: 'fr-FR' });
    expect(activity(early)?.inboxId).toBeUndefined();
    expect(HINDSIGHT_PROJECTIONS.find((projection) => projection.collection === 'activity')!.indexEntries!(activity(early)!)).toEqual([]);
  });

  it.each<[string, HindsightEvent, string, Partial<ActivityDocument>]>([
    [
      'an inbound SMS',
      event('message.received', 'm1', '2026-03-02T10:00:00Z'),
      'ws-1/message:msg-1',
      { kind: 'message', direction: 'inbound', channel: 'sms', body: 'Is my order ready?', occurredAt: '2026-03-02T10:00:00.000Z' },
    ],
    [
      'an outbound WhatsApp, handled by its author',
      event('message.sent', 'm2', '2026-03-02T10:05:00Z'),
      'ws-1/message:msg-2',
      { kind: 'message', direction: 'outbound', channel: 'whatsapp', handledBy: { kind: 'user', id: 'user-1', name: 'Bob' } },
    ],
    [
      "an AI agent's reply",
      event('message.sent', 'm3', '2026-03-02T10:06:00Z', { messageId: 'msg-3', author: { kind: 'ai_agent', id: 'bot-1' } }),
      'ws-1/message:msg-3',
      { handledBy: { kind: 'ai_agent', id: 'bot-1' } },
    ],
    [
      'a voicemail',
      event('voicemail.completed', 'v1', '2026-03-02T18:01:00Z'),
      'ws-1/voicemail:vm-1',
      { kind: 'voicemail', occurredAt: '2026-03-02T18:00:00.000Z', durationSeconds: 42, transcriptExcerpt: 'Rappelez-moi demain matin.' },
    ],
  ])('records %s', (_case, input, key, expected) => {
    expect(activity(fold([input]), key)).toMatchObject(expected);
  });

  it.each<[string, HindsightEvent]>([
    [
      'an inbound message (its author is the contact)',
      event('message.received', 'm4', '2026-03-02T10:00:00Z', { author: { kind: 'contact', name: 'Alice' } }),
    ],
    ['a sent message with no author', event('message.sent', 'm5', '2026-03-02T10:00:00Z', { author: undefined })],
    [
      'a sent message whose author has no id',
      event('message.sent', 'm6', '2026-03-02T10:00:00Z', { author: { kind: 'user', name: 'Bob' } }),
    ],
  ])('names no handler for %s', (_case, input) => {
    const [document] = [...fold([input]).values()] as ActivityDocument[];
    expect(document.kind).toBe('message');
    expect(document.handledBy).toBeUndefined();
  });

  it('never keeps internal notes, comments, reactions, tags or wrap-up notes', () => {
    const secret = 'SECRET-INTERNAL-TEXT';
    const documents = fold([
      ...callEvents,
      event('conversation.note.added', 'n1', '2026-03-01T09:10:00Z', { body: secret }),
      event('conversation.comment.added', 'n2', '2026-03-01T09:11:00Z', { body: secret }),
      event('conversation.reaction.added', 'n3', '2026-03-01T09:12:00Z', { emoji: secret }),
      event('conversation.tag.added', 'n4', '2026-03-01T09:13:00Z', { tag: secret }),
      event('conversation.wrapup.assigned', 'w2', '2026-03-01T09:14:00Z', { notes: secret }),
    ]);
    expect(JSON.stringify([...documents])).not.toContain(secret);
    expect(documents.get(documentId('conversation', 'ws-1/conv-1'))).toEqual({
      workspaceId: 'ws-1',
      conversationId: 'conv-1',
      inboxId: 'inbox-1',
      inboxPlacedAt: '2026-03-01T09:04:00.000Z',
      wrapup: { code: 'resolved', label: 'Resolved', assignedAt: '2026-03-01T09:14:00.000Z' },
    } satisfies ConversationDocument);
  });

  it('hands reducers no internal event and no internal field: the fold applies the privacy rule for every read model', () => {
    const seen: HindsightEvent[] = [];
    const everything: DocumentProjection<unknown> = {
      collection: 'everything',
      keyOf: () => 'all',
      apply(document, input) {
        seen.push(input);
        return document;
      },
    };
    const events = EVENT_TYPES.map((type) => event(type, `e-${type}`, '2026-03-01T09:00:00Z'));
    foldEvents([everything], events);
    expect(seen.map((input) => input.type)).toEqual(EVENT_TYPES.filter((type) => !INTERNAL_EVENT_TYPES.includes(type)));
    const wrapup = seen.find((input) => input.type === 'conversation.wrapup.assigned')!;
    expect(wrapup.data).not.toHaveProperty('notes');
    expect(wrapup.data).toMatchObject({ code: 'resolved', label: 'Resolved' });
  });

  it('indexes an activity under every identifier of its contact', () => {
    const documents = fold([
      event('call.completed', 'c1', '2026-03-01T09:04:00Z', { contact: { contactId: 'k-1', phone: '+33612345678' } }),
    ]);
    const entries = HINDSIGHT_PROJECTIONS.find((projection) => projection.collection === 'activity')!.indexEntries!(activity(documents)!);
    expect(entries.map((entry) => entry.identifier)).toEqual(['id:k-1', 'tel:+33612345678']);
    expect(entries[0]).toMatchObject({
      index: 'activity-by-contact',
      workspaceId: 'ws-1',
      scope: 'inbox-1',
      sortKey: '2026-03-01T09:00:00.000Z',
    });
  });
});

describe('session projection', () => {
  const routed = event('session.routed', 'r', '2026-03-01T09:00:00Z');
  const connected = event('session.connected', 'k', '2026-03-01T09:01:00Z');
  const ended = event('session.ended', 'e', '2026-03-01T09:09:00Z');
  const wrapup = event('conversation.wrapup.assigned', 'w', '2026-03-01T09:08:00Z');

  it('is the same whatever the order of its steps (a code before the end, an end before the connection)', () => {
    const expected = Object.fromEntries(fold([routed, connected, wrapup, ended]));
    for (const order of permutations([routed, connected, wrapup, ended])) expect(Object.fromEntries(fold(order))).toEqual(expected);
    expect(fold([ended, wrapup, connected, routed]).get(documentId('session', 'ws-1/session-1'))).toMatchObject({
      queueName: 'Support',
      agent: { id: 'user-1', name: 'Bob' },
      endedBy: 'agent',
      wrapup: { code: 'resolved' },
      routedAt: '2026-03-01T09:00:00.000Z',
    });
  });
});

describe('configuration and identity projections', () => {
  it.each<[EventType, string, string, Record<string, unknown>, Record<string, unknown>]>([
    ['inbox.configured', 'inbox', 'ws-1/inbox-1', { historyEnabled: false }, { historyEnabled: true }],
    ['workspace.configured', 'workspace', 'ws-1', { insightsEnabled: false }, { insightsEnabled: true }],
    [
      'user.configured',
      'user',
      'ws-1/user-1',
      { licenses: ['ai_assist_pro'], inboxIds: ['inbox-2'] },
      { licenses: [], inboxIds: ['inbox-1'] },
    ],
  ])('keeps the newest %s even when an older one arrives later', (type, collection, key, newer, older) => {
    const documents = fold([event(type, 'new', '2026-03-02T00:00:00Z', newer), event(type, 'old', '2026-03-01T00:00:00Z', older)]);
    expect(documents.get(documentId(collection, key))).toMatchObject({ ...newer, configuredAt: '2026-03-02T00:00:00.000Z' });
    // In order, the newer one replaces the older.
    const inOrder = fold([event(type, 'old', '2026-03-01T00:00:00Z', older), event(type, 'new', '2026-03-02T00:00:00Z', newer)]);
    expect(inOrder.get(documentId(collection, key))).toEqual(documents.get(documentId(collection, key)));
  });

  it('accumulates the identifiers linked to a contact', () => {
    const documents = fold([
      event('contact.identified', 'a', '2026-03-01T00:00:00Z', { phone: '+33612345678', email: undefined, name: 'Alice' }),
      event('contact.identified', 'b', '2026-03-02T00:00:00Z', { phone: '+33700000000', email: 'alice@example.com', name: 'Alice M.' }),
    ]);
    expect(documents.get(documentId('contact', 'ws-1/contact-1'))).toMatchObject({
      phones: ['+33612345678', '+33700000000'],
      emails: ['alice@example.com'],
      // All of them, listed for a store to look up a caller's activities in the same read.
      identifiers: ['id:contact-1', 'tel:+33612345678', 'tel:+33700000000', 'mail:alice@example.com'],
      name: 'Alice M.',
    });
  });

  it.each([
    ['in order', (phones: string[]) => phones],
    ['reversed', (phones: string[]) => [...phones].reverse()],
    [
      'interleaved',
      (phones: string[]) => phones.filter((_phone, index) => index % 2 === 1).concat(phones.filter((_phone, index) => index % 2 === 0)),
    ],
  ])(`keeps the first ${MAX_CONTACT_LINKS} phones of a contact linked to more, whatever the arrival order: %s`, (_order, arrange) => {
    const phones = Array.from({ length: MAX_CONTACT_LINKS + 50 }, (_unused, index) => `+336${String(10_000_000 + index)}`);
    const events = arrange(phones).map((phone, index) =>
      event('contact.identified', `link-${index}`, '2026-03-01T00:00:00Z', { phone, email: undefined, name: undefined }),
    );
    const contact = fold(events).get(documentId('contact', 'ws-1/contact-1')) as { phones: string[]; identifiers: string[] };
    expect(contact.phones).toEqual(phones.slice(0, MAX_CONTACT_LINKS));
    expect(contact.identifiers).toHaveLength(MAX_CALLER_IDENTIFIERS);
  });

  it.each<[string, HindsightEvent[], string, Record<string, unknown>]>([
    [
      'a contact: a newer identification without a name keeps the older name',
      [
        event('contact.identified', 'a', '2026-03-01T00:00:00Z', { phone: '+33700000000', email: undefined, name: 'Alice' }),
        event('contact.identified', 'b', '2026-03-02T00:00:00Z', { phone: '+33612345678', email: undefined, name: undefined }),
        event('contact.identified', 'c', '2026-03-03T00:00:00Z', { phone: undefined, email: 'alice@example.com', name: undefined }),
      ],
      'contact/ws-1/contact-1',
      {
        name: 'Alice',
        phones: ['+33612345678', '+33700000000'],
        identifiers: ['id:contact-1', 'tel:+33612345678', 'tel:+33700000000', 'mail:alice@example.com'],
        identifiedAt: '2026-03-03T00:00:00.000Z',
      },
    ],
    [
      'a message: the newest copy says who handled it, even when it names nobody',
      [
        event('message.sent', 'm-old', '2026-03-01T09:00:00Z', { author: { kind: 'user', id: 'u-1', name: 'Bob' } }),
        event('message.sent', 'm-new', '2026-03-01T09:05:00Z', { author: undefined }),
      ],
      'activity/ws-1/message:msg-2',
      { occurredAt: '2026-03-01T09:05:00.000Z' },
    ],
  ])('gives the same document in every arrival order: %s', (_case, events, id, expected) => {
    const [collection, ...key] = id.split('/');
    const documentOf = (order: readonly HindsightEvent[]) => fold(order).get(documentId(collection, key.join('/')));
    const inOrder = documentOf(events);
    expect(inOrder).toMatchObject(expected);
    for (const order of permutations(events)) expect(documentOf(order)).toEqual(inOrder);
  });
});

/** One reducer step of a projection (named so: `prefer-spread` reads `.apply(…)` as Function.prototype.apply). */
const step = (collection: string, document: unknown, input: HindsightEvent): unknown =>
  HINDSIGHT_PROJECTIONS.find((each) => each.collection === collection)!['apply'](document, input);

describe('conversation, insights and session read models for contact insights', () => {
  it('places a conversation in the inbox of its earliest placing event, in every arrival order', () => {
    const events = [
      event('session.routed', 'r1', '2026-03-01T09:00:00Z', { conversationId: 'conv-9', inboxId: 'sales' }),
      event('call.completed', 'c1', '2026-03-01T09:05:00Z', { conversationId: 'conv-9', inboxId: 'support' }),
      event('message.sent', 'm1', '2026-03-01T10:00:00Z', { conversationId: 'conv-9', inboxId: 'support' }),
    ];
    for (const order of permutations(events)) {
      expect(fold(order).get(documentId('conversation', 'ws-1/conv-9'))).toEqual({
        workspaceId: 'ws-1',
        conversationId: 'conv-9',
        inboxId: 'sales',
        inboxPlacedAt: '2026-03-01T09:00:00.000Z',
      });
    }
  });

  it('returns the same conversation document when the inbox is already known (the engine then writes nothing)', () => {
    const first = event('session.routed', 'r1', '2026-03-01T09:00:00Z', { conversationId: 'conv-9', inboxId: 'sales' });
    const later = event('message.sent', 'm1', '2026-03-01T10:00:00Z', { conversationId: 'conv-9', inboxId: 'support' });
    const placed = step('conversation', undefined, first);
    expect(step('conversation', placed, later)).toBe(placed);
  });

  it('keeps the latest insights of a contact by event time, whatever the arrival order', () => {
    const older = event('contact.insights.generated', 'i1', '2026-03-01T09:00:00Z', { summary: [{ text: 'old', sources: ['call-1'] }] });
    const newer = event('contact.insights.generated', 'i2', '2026-03-02T09:00:00Z', { summary: [{ text: 'new', sources: ['call-1'] }] });
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      expect(fold(order).get(documentId('insights', 'ws-1/tel:+33612345678'))).toMatchObject({
        generatedAt: '2026-03-02T09:00:00.000Z',
        summary: [{ text: 'new' }],
      });
    }
  });

  it('indexes a routed session under every identifier of its contact, by routing time, in its inbox', () => {
    const projection = HINDSIGHT_PROJECTIONS.find((each) => each.collection === 'session')!;
    const routed = event('session.routed', 'r1', '2026-03-01T09:00:00Z', { contact: { contactId: 'c-1', phone: '+33612345678' } });
    const document = step('session', undefined, routed);
    expect(projection.indexEntries!(document)).toEqual([
      { index: 'session-by-contact', workspaceId: 'ws-1', identifier: 'id:c-1', scope: 'inbox-1', sortKey: '2026-03-01T09:00:00.000Z' },
      {
        index: 'session-by-contact',
        workspaceId: 'ws-1',
        identifier: 'tel:+33612345678',
        scope: 'inbox-1',
        sortKey: '2026-03-01T09:00:00.000Z',
      },
    ]);
    const unrouted = step('session', undefined, event('session.ended', 'e1', '2026-03-01T09:10:00Z'));
    expect(projection.indexEntries!(unrouted)).toEqual([]);
  });
});
