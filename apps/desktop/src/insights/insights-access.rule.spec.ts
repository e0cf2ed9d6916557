import type { AgentProfile, InsightsSource } from '../api/desktop-api.types';
import {
  canSeeInbox,
  type GenerateButton,
  generateButton,
  generationConversation,
  mayBeOlder,
  type SourceChip,
  sourceChips,
} from './insights-access.rule';

const agent: Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'> = {
  seesEveryInbox: false,
  inboxes: [{ inboxId: 'sales' }, { inboxId: 'support' }],
};
const admin: Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'> = { seesEveryInbox: true, inboxes: [] };

describe('canSeeInbox', () => {
  it.each<[string, Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'>, string, boolean]>([
    ['an agent, its inbox', agent, 'sales', true],
    ['an agent, its other inbox', agent, 'support', true],
    ['an agent, another inbox', agent, 'billing', false],
    ['an admin, any inbox', admin, 'billing', true],
  ])('%s', (_case, profile, inboxId, expected) => {
    expect(canSeeInbox(profile, inboxId)).toBe(expected);
  });
});

describe('generateButton', () => {
  type Profile = Pick<AgentProfile, 'canGenerateInsights' | 'generationUnavailable'>;
  const allowed: Profile = { canGenerateInsights: true };
  it.each<[string, Profile, boolean, string | undefined, GenerateButton]>([
    ['allowed, a conversation, no insights yet', allowed, false, 'conv-1', { enabled: true, labelKey: 'insights.generate' }],
    ['allowed, a conversation, insights already', allowed, true, 'conv-1', { enabled: true, labelKey: 'insights.generateNew' }],
    [
      'allowed but no conversation',
      allowed,
      false,
      undefined,
      { enabled: false, labelKey: 'insights.generate', reasonKey: 'insights.unavailable.noConversation' },
    ],
    [
      'no conversation, insights already',
      allowed,
      true,
      undefined,
      { enabled: false, labelKey: 'insights.generateNew', reasonKey: 'insights.unavailable.noConversation' },
    ],
    [
      'no licence',
      { canGenerateInsights: false, generationUnavailable: 'LICENCE_REQUIRED' },
      false,
      'conv-1',
      { enabled: false, labelKey: 'insights.generate', reasonKey: 'insights.unavailable.LICENCE_REQUIRED' },
    ],
    [
      'insights turned off',
      { canGenerateInsights: false, generationUnavailable: 'INSIGHTS_DISABLED' },
      true,
      'conv-1',
      { enabled: false, labelKey: 'insights.generateNew', reasonKey: 'insights.unavailable.INSIGHTS_DISABLED' },
    ],
    [
      'not configured',
      { canGenerateInsights: false, generationUnavailable: 'USER_NOT_CONFIGURED' },
      false,
      'conv-1',
      { enabled: false, labelKey: 'insights.generate', reasonKey: 'insights.unavailable.USER_NOT_CONFIGURED' },
    ],
    [
      'refused without a reason: the licence is assumed',
      { canGenerateInsights: false },
      false,
      'conv-1',
      { enabled: false, labelKey: 'insights.generate', reasonKey: 'insights.unavailable.LICENCE_REQUIRED' },
    ],
    [
      'refused and no conversation: the refusal is said first',
      { canGenerateInsights: false, generationUnavailable: 'INSIGHTS_DISABLED' },
      false,
      undefined,
      { enabled: false, labelKey: 'insights.generate', reasonKey: 'insights.unavailable.INSIGHTS_DISABLED' },
    ],
  ])('%s', (_case, profile, hasInsights, conversationId, expected) => {
    expect(generateButton(profile, hasInsights, conversationId)).toEqual(expected);
  });
});

describe('generationConversation', () => {
  it.each<[string, string | undefined, { conversationId?: string }[], string | undefined]>([
    ['the deep link wins', 'conv-link', [{ conversationId: 'conv-1' }], 'conv-link'],
    [
      'else the newest interaction with a conversation',
      undefined,
      [{}, { conversationId: 'conv-2' }, { conversationId: 'conv-1' }],
      'conv-2',
    ],
    ['no interaction has one', undefined, [{}, {}], undefined],
    ['no interaction', undefined, [], undefined],
    ['the deep link, even with no interaction', 'conv-link', [], 'conv-link'],
  ])('%s', (_case, fromLink, timeline, expected) => {
    expect(generationConversation(fromLink, timeline)).toBe(expected);
  });
});

describe('sourceChips', () => {
  const source = (interactionId: string, inboxId: string): InsightsSource => ({
    interactionId,
    kind: 'message',
    channel: 'sms',
    occurredAt: '2026-03-01T10:00:00Z',
    inboxId,
  });
  const sources = [source('i-sales', 'sales'), source('i-billing', 'billing')];

  it.each<[string, string[], Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'>, SourceChip[]]>([
    ['a source in an inbox the agent sees', ['i-sales'], agent, [{ interactionId: 'i-sales', source: sources[0], reachable: true }]],
    [
      'a source in an inbox the agent cannot see',
      ['i-billing'],
      agent,
      [{ interactionId: 'i-billing', source: sources[1], reachable: false }],
    ],
    ['an admin reaches every inbox', ['i-billing'], admin, [{ interactionId: 'i-billing', source: sources[1], reachable: true }]],
    ['a source the insights do not describe', ['i-unknown'], admin, [{ interactionId: 'i-unknown', reachable: false }]],
    [
      'in the order of the statement, duplicates once',
      ['i-billing', 'i-sales', 'i-billing', 'i-sales'],
      agent,
      [
        { interactionId: 'i-billing', source: sources[1], reachable: false },
        { interactionId: 'i-sales', source: sources[0], reachable: true },
      ],
    ],
    ['no source', [], agent, []],
  ])('%s', (_case, sourceIds, profile, expected) => {
    expect(sourceChips(sourceIds, sources, profile)).toEqual(expected);
  });
});

describe('mayBeOlder', () => {
  const loaded = [{ occurredAt: '2026-03-03T10:00:00Z' }, { occurredAt: '2026-03-02T10:00:00Z' }];
  it.each<[string, { occurredAt: string }[], string | undefined, boolean]>([
    ['older than the oldest loaded', loaded, '2026-03-01T10:00:00Z', true],
    ['as old as the oldest loaded: may be next', loaded, '2026-03-02T10:00:00Z', true],
    ['newer than the oldest loaded: would have been loaded', loaded, '2026-03-02T10:00:01Z', false],
    ['nothing loaded yet', [], '2026-03-01T10:00:00Z', true],
    ['the date is unknown', loaded, undefined, true],
  ])('%s', (_case, items, occurredAt, expected) => {
    expect(mayBeOlder(items, occurredAt)).toBe(expected);
  });
});
