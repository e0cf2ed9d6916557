import { buildHistory, historyWindow } from './history.window';
import type { HistoryActivity } from './history.types';
import type { ActivityDocument, ConversationDocument, InboxDocument } from './read-model.types';

const AT = '2026-03-22T12:00:00.000Z';
const minus = (milliseconds: number) => new Date(Date.parse(AT) - milliseconds).toISOString();
const DAY = 86_400_000;

const call = (id: string, occurredAt: string, extra: Partial<ActivityDocument> = {}): ActivityDocument => ({
  workspaceId: 'ws-1',
  id,
  kind: 'call',
  inboxId: 'inbox-1',
  conversationId: `conv-${id}`,
  direction: 'inbound',
  channel: 'voice',
  occurredAt,
  status: 'answered',
  ...extra,
});

const history = (activities: ActivityDocument[], conversations: ConversationDocument[] = [], inbox?: InboxDocument) =>
  buildHistory({
    at: AT,
    activities,
    inbox,
    conversations: new Map(conversations.map((conversation) => [conversation.conversationId, conversation])),
  });

const ids = (activities: readonly HistoryActivity[]) => activities.map((activity) => activity.id);

describe('history window', () => {
  it('spans [at − 21 days, at]', () => {
    expect(historyWindow(AT)).toEqual({ start: '2026-03-01T12:00:00.000Z', end: AT });
  });

  it.each<[string, string, boolean]>([
    ['exactly at − 21 days', minus(21 * DAY), true],
    ['one millisecond before the window', minus(21 * DAY + 1), false],
    ['exactly at', AT, true],
    ['one millisecond after at', new Date(Date.parse(AT) + 1).toISOString(), false],
    ['ten days ago', minus(10 * DAY), true],
  ])('an activity %s is %s', (_case, occurredAt, included) => {
    expect(ids(history([call('a', occurredAt)]).activities)).toEqual(included ? ['a'] : []);
  });

  it.each([
    [30, 30],
    [31, 30],
    [5, 5],
  ])('of %i activities returns the %i most recent, newest first', (count, returned) => {
    const activities = Array.from({ length: count }, (_, index) => call(`c${String(index).padStart(2, '0')}`, minus(index * 3_600_000)));
    const result = history(activities.reverse());
    expect(ids(result.activities)).toEqual(Array.from({ length: returned }, (_, index) => `c${String(index).padStart(2, '0')}`));
  });

  it('ignores activities not yet placed in an inbox (a transcript whose call has not arrived)', () => {
    expect(ids(history([{ workspaceId: 'ws-1', id: 'early', kind: 'call', transcriptExcerpt: 'hello' }]).activities)).toEqual([]);
  });

  it('answers empty with a reason when the inbox has history disabled', () => {
    const inbox: InboxDocument = {
      workspaceId: 'ws-1',
      inboxId: 'inbox-1',
      name: 'x',
      phoneNumber: '+33170000000',
      language: 'fr-FR',
      historyEnabled: false,
      configuredAt: AT,
    };
    expect(history([call('a', minus(DAY))], [], inbox)).toMatchObject({
      available: false,
      unavailableReason: 'history is disabled for this inbox',
      activities: [],
    });
  });

  const later = new Date(Date.parse(AT) + 60_000).toISOString();
  it.each<[string, Partial<ActivityDocument>, string | undefined, Partial<HistoryActivity>]>([
    [
      'all known at `at`',
      { summarisedAt: minus(DAY), transcribedAt: minus(DAY) },
      minus(DAY),
      { summary: 'S', transcriptExcerpt: 'T', wrapupCode: 'resolved' },
    ],
    [
      'a summary produced after `at`',
      { summarisedAt: later, transcribedAt: minus(DAY) },
      minus(DAY),
      { summary: undefined, nextSteps: [], transcriptExcerpt: 'T' },
    ],
    [
      'a transcript produced after `at`',
      { summarisedAt: minus(DAY), transcribedAt: later },
      minus(DAY),
      { summary: 'S', transcriptExcerpt: undefined },
    ],
    [
      'a wrap-up code assigned after `at`',
      { summarisedAt: minus(DAY), transcribedAt: minus(DAY) },
      later,
      { summary: 'S', wrapupCode: undefined },
    ],
  ])('answers as of `at`: %s', (_case, times, wrapupAssignedAt, expected) => {
    const activity = call('a', minus(2 * DAY), { summary: 'S', nextSteps: ['Call back'], transcriptExcerpt: 'T', ...times });
    const conversations: ConversationDocument[] =
      wrapupAssignedAt === undefined
        ? []
        : [
            {
              workspaceId: 'ws-1',
              conversationId: 'conv-a',
              wrapup: { code: 'resolved', label: 'Resolved', assignedAt: wrapupAssignedAt },
            },
          ];
    const view = history([activity], conversations).activities[0] as unknown as Record<string, unknown>;
    // Hidden facts are absent from the view: compare field by field, undefined included.
    for (const [field, value] of Object.entries(expected)) expect([field, view[field]]).toEqual([field, value]);
  });

  it('shows the wrap-up code of the conversation, the last summary and the facts already given', () => {
    const result = history(
      [
        call('old', minus(5 * DAY), {
          summary: 'Old',
          jobs: [{ jobId: 'j', name: 'Id', outcome: 'done', collected: { customerNumber: '111', city: 'Lyon' } }],
        }),
        call('new', minus(DAY), {
          summary: 'New',
          jobs: [{ jobId: 'j', name: 'Id', outcome: 'done', collected: { customerNumber: '222' } }],
        }),
        call('latest', minus(3_600_000)),
      ],
      [{ workspaceId: 'ws-1', conversationId: 'conv-new', wrapup: { code: 'callback', label: 'Call back', assignedAt: AT } }],
    );
    expect(result.activities[1]).toMatchObject({ id: 'new', wrapupCode: 'callback', wrapupLabel: 'Call back' });
    expect(result.lastSummary).toEqual({ activityId: 'new', summary: 'New', occurredAt: minus(DAY) });
    expect(result.knownFacts).toEqual([
      { field: 'customerNumber', value: '222', activityId: 'new', collectedAt: minus(DAY) },
      { field: 'city', value: 'Lyon', activityId: 'old', collectedAt: minus(5 * DAY) },
    ]);
  });

  it.each<[string, ActivityDocument[], ConversationDocument[], string[]]>([
    [
      'next steps of the last call are open',
      [call('a', minus(DAY), { summary: 's', nextSteps: ['Send the quote'] })],
      [],
      ['Send the quote'],
    ],
    [
      'a later answered call summarised without next steps resolves them',
      [
        call('a', minus(2 * DAY), { summary: 's', nextSteps: ['Send the quote'] }),
        call('b', minus(DAY), { summary: 'done', nextSteps: [] }),
      ],
      [],
      [],
    ],
    [
      'a later missed call does not resolve them',
      [call('a', minus(2 * DAY), { summary: 's', nextSteps: ['Send the quote'] }), call('b', minus(DAY), { status: 'missed' })],
      [],
      ['Send the quote'],
    ],
    [
      'a resolving wrap-up code on the same conversation resolves them',
      [call('a', minus(DAY), { summary: 's', nextSteps: ['Send the quote'] })],
      [{ workspaceId: 'ws-1', conversationId: 'conv-a', wrapup: { code: 'resolved', assignedAt: AT } }],
      [],
    ],
    [
      'a non-resolving wrap-up code leaves them open',
      [call('a', minus(DAY), { summary: 's', nextSteps: ['Send the quote'] })],
      [{ workspaceId: 'ws-1', conversationId: 'conv-a', wrapup: { code: 'callback', assignedAt: AT } }],
      ['Send the quote'],
    ],
  ])('open items: %s', (_case, activities, conversations, expected) => {
    expect(history(activities, conversations).openItems.map((item) => item.text)).toEqual(expected);
  });
});
