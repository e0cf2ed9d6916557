import type { AgentProfile, GenerationUnavailable, InsightsSource, TimelineItem } from '../api/desktop-api.types';
import type { MessageKey } from '../i18n/messages-en.lexicon';

/** The server's inbox rule as the page needs it: admins see every inbox, agents those configured for them. */
export const canSeeInbox = (profile: Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'>, inboxId: string): boolean =>
  profile.seesEveryInbox || profile.inboxes.some((inbox) => inbox.inboxId === inboxId);

export interface GenerateButton {
  enabled: boolean;
  labelKey: MessageKey;
  /** Why it is disabled, shown beside the button and tied to it with aria-describedby. */
  reasonKey?: MessageKey;
}

const UNAVAILABLE_KEYS: Record<GenerationUnavailable, MessageKey> = {
  INSIGHTS_DISABLED: 'insights.unavailable.INSIGHTS_DISABLED',
  LICENCE_REQUIRED: 'insights.unavailable.LICENCE_REQUIRED',
  USER_NOT_CONFIGURED: 'insights.unavailable.USER_NOT_CONFIGURED',
};

/**
 * "Generate insights" (or "Generate new insights" once some exist) is enabled only when the server says the
 * user may generate and there is a conversation to generate from; otherwise it says why.
 */
export const generateButton = (
  profile: Pick<AgentProfile, 'canGenerateInsights' | 'generationUnavailable'>,
  hasInsights: boolean,
  conversationId: string | undefined,
): GenerateButton => {
  const labelKey: MessageKey = hasInsights ? 'insights.generateNew' : 'insights.generate';
  if (!profile.canGenerateInsights)
    return { enabled: false, labelKey, reasonKey: UNAVAILABLE_KEYS[profile.generationUnavailable ?? 'LICENCE_REQUIRED'] };
  if (!conversationId) return { enabled: false, labelKey, reasonKey: 'insights.unavailable.noConversation' };
  return { enabled: true, labelKey };
};

/**
 * The conversation insights are generated from: the one the softphone named in the deep link, else that of the
 * newest interaction in the timeline (newest first) that has one.
 */
export const generationConversation = (
  fromLink: string | undefined,
  timeline: readonly Pick<TimelineItem, 'conversationId'>[],
): string | undefined => fromLink ?? timeline.find((item) => item.conversationId)?.conversationId;

export interface SourceChip {
  interactionId: string;
  source?: InsightsSource;
  /** False for an interaction in an inbox the agent cannot see (insights of scope `all`): the chip says so. */
  reachable: boolean;
}

/** The chips of one statement: its sources, in order, each with what the insights say about it. */
export const sourceChips = (
  sourceIds: readonly string[],
  sources: readonly InsightsSource[],
  profile: Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'>,
): SourceChip[] =>
  [...new Set(sourceIds)].map((interactionId) => {
    const source = sources.find((candidate) => candidate.interactionId === interactionId);
    return { interactionId, ...(source ? { source } : {}), reachable: source !== undefined && canSeeInbox(profile, source.inboxId) };
  });

/** Whether paging the timeline further can still reach an interaction: pages are newest first. */
export const mayBeOlder = (loaded: readonly Pick<TimelineItem, 'occurredAt'>[], occurredAt: string | undefined): boolean => {
  const oldest = loaded.at(-1)?.occurredAt;
  return oldest === undefined || occurredAt === undefined || occurredAt <= oldest;
};
