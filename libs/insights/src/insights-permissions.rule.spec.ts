import {
  canSeeSession,
  generationRefusal,
  generationUnavailable,
  type GenerationUnavailable,
  type InsightsRefusal,
  type InsightsUser,
  mayReadInsights,
  readRefusal,
} from './insights-permissions.rule';

const agent: InsightsUser = { userId: 'u-1', name: 'Alice', licenses: ['ai_assist_pro'], inboxIds: ['sales'], role: 'agent' };
const unlicensed: InsightsUser = { ...agent, licenses: [] };
const admin: InsightsUser = { ...agent, licenses: ['ai_assist_pro'], inboxIds: [], role: 'admin' };

describe('generationRefusal', () => {
  it.each<[string, boolean, InsightsUser | undefined, string | undefined, InsightsRefusal | undefined]>([
    ['a licensed agent in a conversation of its inbox', true, agent, 'sales', undefined],
    ['the workspace toggle off', false, agent, 'sales', 'INSIGHTS_DISABLED'],
    ['a user without configuration', true, undefined, 'sales', 'USER_NOT_CONFIGURED'],
    ['no licence', true, unlicensed, 'sales', 'LICENCE_REQUIRED'],
    ['an unknown conversation', true, agent, undefined, 'CONVERSATION_NOT_FOUND'],
    ['a conversation of another inbox', true, agent, 'support', 'CONVERSATION_NOT_VISIBLE'],
    ['an admin sees every inbox', true, admin, 'support', undefined],
  ])('%s', (_case, insightsEnabled, user, conversationInboxId, expected) => {
    expect(generationRefusal({ insightsEnabled, user, conversationInboxId })).toBe(expected);
  });
});

describe('generationUnavailable', () => {
  it.each<[string, boolean, InsightsUser | undefined, GenerationUnavailable | undefined]>([
    ['a licensed agent', true, agent, undefined],
    ['a licensed admin', true, admin, undefined],
    ['the workspace toggle off, even for a licensed agent', false, agent, 'INSIGHTS_DISABLED'],
    ['the workspace toggle off and no licence: the toggle is said first', false, unlicensed, 'INSIGHTS_DISABLED'],
    ['a user without configuration', true, undefined, 'USER_NOT_CONFIGURED'],
    ['no licence', true, unlicensed, 'LICENCE_REQUIRED'],
  ])('%s', (_case, insightsEnabled, user, expected) => {
    expect(generationUnavailable({ insightsEnabled, user })).toBe(expected);
  });
});

describe('canSeeSession', () => {
  it.each<[string, InsightsUser, string | undefined, boolean]>([
    ['an agent, a session of its inbox', agent, 'sales', true],
    ['an agent, a session of another inbox', agent, 'support', false],
    ['an agent, a session not yet placed in an inbox', agent, undefined, false],
    ['an admin, a session not yet placed in an inbox', admin, undefined, true],
    ['an admin, any inbox', admin, 'support', true],
  ])('%s', (_case, user, inboxId, expected) => {
    expect(canSeeSession(user, inboxId)).toBe(expected);
  });
});

describe('readRefusal', () => {
  it.each<[string, boolean, InsightsUser | undefined, string[], InsightsRefusal | undefined]>([
    ['any conversation of the contact visible', true, agent, ['support', 'sales'], undefined],
    ['no licence needed to read', true, unlicensed, ['sales'], undefined],
    ['the workspace toggle off', false, agent, ['sales'], 'INSIGHTS_DISABLED'],
    ['no conversation of the contact visible', true, agent, ['support'], 'CONTACT_NOT_VISIBLE'],
    ['a contact without conversations', true, agent, [], 'CONTACT_NOT_VISIBLE'],
    ['an admin', true, admin, ['support'], undefined],
    ['a user without configuration', true, undefined, ['sales'], 'USER_NOT_CONFIGURED'],
  ])('%s', (_case, insightsEnabled, user, contactInboxIds, expected) => {
    expect(readRefusal({ insightsEnabled, user, contactInboxIds })).toBe(expected);
  });
});

describe('mayReadInsights', () => {
  it.each<[string, InsightsUser, 'all' | 'visible', string[], boolean]>([
    ['all-scoped insights: every reader of the contact', agent, 'all', ['support'], true],
    ['visible-scoped, every source visible', agent, 'visible', ['sales', 'sales'], true],
    ['visible-scoped, one source in another inbox', agent, 'visible', ['sales', 'support'], false],
    ['visible-scoped, an admin', admin, 'visible', ['support'], true],
  ])('%s', (_case, user, scope, sourceInboxIds, expected) => {
    expect(mayReadInsights(user, scope, sourceInboxIds)).toBe(expected);
  });
});
