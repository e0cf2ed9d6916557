import type { ActivityDocument } from '@app/history';
import {
  hasCallWithTranscript,
  insightsWindow,
  isEligibleInteraction,
  newerInteractions,
  selectInsightsInteractions,
} from './insights-window.rule';

const activity = (id: string, occurredAt: string, overrides: Partial<ActivityDocument> = {}): ActivityDocument => ({
  workspaceId: 'ws-1',
  id,
  kind: 'call',
  inboxId: 'inbox-1',
  conversationId: `conversation-${id}`,
  occurredAt,
  transcriptLanguage: 'fr-FR',
  ...overrides,
});

describe('insightsWindow', () => {
  it.each<[string, string, string]>([
    ['six calendar months back, same day and time', '2026-11-30T10:15:00.000Z', '2026-05-30T10:15:00.000Z'],
    ['31 August to 29 February on a leap year', '2028-08-31T12:00:00.000Z', '2028-02-29T12:00:00.000Z'],
    ['31 August to 28 February otherwise', '2026-08-31T12:00:00.000Z', '2026-02-28T12:00:00.000Z'],
    ['across a year boundary', '2026-03-15T00:00:00.000Z', '2025-09-15T00:00:00.000Z'],
    ['31 December to 30 June', '2026-12-31T23:59:59.999Z', '2026-06-30T23:59:59.999Z'],
  ])('%s', (_case, at, from) => {
    expect(insightsWindow(at)).toEqual({ from, to: at });
  });
});

describe('isEligibleInteraction', () => {
  it.each<[string, Partial<ActivityDocument>, boolean]>([
    ['a call with a transcript', {}, true],
    ['a call without a transcript', { transcriptLanguage: undefined }, false],
    ['a voicemail with a transcript', { kind: 'voicemail' }, true],
    ['a voicemail without one', { kind: 'voicemail', transcriptLanguage: undefined }, false],
    ['an SMS', { kind: 'message', channel: 'sms', transcriptLanguage: undefined }, true],
    ['a WhatsApp message', { kind: 'message', channel: 'whatsapp', transcriptLanguage: undefined }, true],
    ['a web chat message', { kind: 'message', channel: 'webchat', transcriptLanguage: undefined }, false],
    ['web messaging', { kind: 'message', channel: 'webmessaging', transcriptLanguage: undefined }, false],
    ['a transcript whose call has not arrived (not placed)', { inboxId: undefined, occurredAt: undefined }, false],
  ])('%s: %s', (_case, overrides, eligible) => {
    expect(isEligibleInteraction(activity('a', '2026-11-01T00:00:00.000Z', overrides))).toBe(eligible);
  });
});

describe('selectInsightsInteractions', () => {
  const window = insightsWindow('2026-11-30T12:00:00.000Z');

  it('keeps the 12 most recent eligible ones of the window, newest first, whatever the inbox', () => {
    const activities = [
      ...Array.from({ length: 14 }, (_, index) =>
        activity(`call-${index}`, `2026-11-${String(index + 1).padStart(2, '0')}T09:00:00.000Z`, { inboxId: `inbox-${index % 3}` }),
      ),
      activity('chat', '2026-11-29T09:00:00.000Z', { kind: 'message', channel: 'webchat' }),
      activity('no-transcript', '2026-11-28T09:00:00.000Z', { transcriptLanguage: undefined }),
    ];
    const selected = selectInsightsInteractions(activities, window);
    expect(selected.map((each) => each.id)).toEqual(Array.from({ length: 12 }, (_, index) => `call-${13 - index}`));
  });

  it.each<[string, string, boolean]>([
    ['the window start, included', '2026-05-30T12:00:00.000Z', true],
    ['a millisecond before it', '2026-05-30T11:59:59.999Z', false],
    ['the request instant, included', '2026-11-30T12:00:00.000Z', true],
    ['after the request', '2026-11-30T12:00:00.001Z', false],
  ])('%s', (_case, occurredAt, kept) => {
    expect(selectInsightsInteractions([activity('a', occurredAt)], window)).toHaveLength(kept ? 1 : 0);
  });

  it('orders equal times by id (a deterministic selection)', () => {
    const selected = selectInsightsInteractions(
      [activity('b', '2026-11-01T00:00:00.000Z'), activity('a', '2026-11-01T00:00:00.000Z')],
      window,
    );
    expect(selected.map((each) => each.id)).toEqual(['a', 'b']);
  });
});

describe('hasCallWithTranscript', () => {
  it.each<[string, ActivityDocument[], boolean]>([
    ['a call with a transcript', [activity('a', '2026-11-01T00:00:00.000Z')], true],
    ['only a voicemail with a transcript', [activity('a', '2026-11-01T00:00:00.000Z', { kind: 'voicemail' })], false],
    [
      'only messages',
      [activity('a', '2026-11-01T00:00:00.000Z', { kind: 'message', channel: 'sms', transcriptLanguage: undefined })],
      false,
    ],
    ['nothing', [], false],
  ])('%s', (_case, activities, expected) => {
    expect(hasCallWithTranscript(activities)).toBe(expected);
  });
});

describe('newerInteractions', () => {
  it('counts the eligible interactions after the newest source, up to now', () => {
    const activities = [
      activity('source', '2026-11-01T00:00:00.000Z'),
      activity('newer-sms', '2026-11-02T00:00:00.000Z', { kind: 'message', channel: 'sms' }),
      activity('newer-chat', '2026-11-03T00:00:00.000Z', { kind: 'message', channel: 'webchat' }),
      activity('newer-call', '2026-11-04T00:00:00.000Z'),
      activity('future', '2026-12-04T00:00:00.000Z'),
    ];
    expect(newerInteractions(activities, '2026-11-01T00:00:00.000Z', '2026-11-30T00:00:00.000Z')).toBe(2);
  });
});
