/** The licence that lets an agent generate insights. */
export const INSIGHTS_LICENCE = 'ai_assist_pro';

export interface InsightsUser {
  readonly userId: string;
  readonly name: string;
  readonly licenses: readonly string[];
  readonly inboxIds: readonly string[];
  readonly role: 'agent' | 'admin';
}

/** Why a request for insights is refused: a stable code each transport maps (HTTP: 403/404). */
export type InsightsRefusal =
  | 'INSIGHTS_DISABLED'
  | 'USER_NOT_CONFIGURED'
  | 'LICENCE_REQUIRED'
  | 'CONVERSATION_NOT_FOUND'
  | 'CONVERSATION_NOT_VISIBLE'
  | 'CONTACT_NOT_VISIBLE';

/** An admin sees every inbox of the workspace; an agent, the inboxes listed in its configuration. */
export const canSeeInbox = (user: InsightsUser, inboxId: string): boolean => user.role === 'admin' || user.inboxIds.includes(inboxId);

/** A session not yet placed in an inbox (routed events name it) is an admin's to see only. */
export const canSeeSession = (user: InsightsUser, inboxId: string | undefined): boolean =>
  inboxId === undefined ? user.role === 'admin' : canSeeInbox(user, inboxId);

export interface GenerationAccess {
  readonly insightsEnabled: boolean;
  readonly user: InsightsUser | undefined;
  /** The inbox of the conversation in which the agent asks; undefined when that conversation is unknown. */
  readonly conversationInboxId: string | undefined;
}

/** Why a user cannot generate insights in any conversation (what the desktop's button says before a click). */
export type GenerationUnavailable = Extract<InsightsRefusal, 'INSIGHTS_DISABLED' | 'USER_NOT_CONFIGURED' | 'LICENCE_REQUIRED'>;

/** The part of `generationRefusal` that does not depend on the conversation: the workspace toggle and the licence. */
export function generationUnavailable(access: Omit<GenerationAccess, 'conversationInboxId'>): GenerationUnavailable | undefined {
  if (!access.insightsEnabled) return 'INSIGHTS_DISABLED';
  if (!access.user) return 'USER_NOT_CONFIGURED';
  if (!access.user.licenses.includes(INSIGHTS_LICENCE)) return 'LICENCE_REQUIRED';
  return undefined;
}

/** Generating needs the workspace toggle, the licence, and a conversation the user can see. */
export function generationRefusal(access: GenerationAccess): InsightsRefusal | undefined {
  const unavailable = generationUnavailable(access);
  // (A missing user is already refused there; the test narrows the type.)
  if (unavailable || !access.user) return unavailable ?? 'USER_NOT_CONFIGURED';
  if (access.conversationInboxId === undefined) return 'CONVERSATION_NOT_FOUND';
  if (!canSeeInbox(access.user, access.conversationInboxId)) return 'CONVERSATION_NOT_VISIBLE';
  return undefined;
}

export interface ReadAccess {
  readonly insightsEnabled: boolean;
  readonly user: InsightsUser | undefined;
  /** The inboxes of the contact's conversations (any time). */
  readonly contactInboxIds: readonly string[];
}

/** Reading needs the workspace toggle and a conversation of the contact the user can see; no licence. */
export function readRefusal(access: ReadAccess): InsightsRefusal | undefined {
  if (!access.insightsEnabled) return 'INSIGHTS_DISABLED';
  if (!access.user) return 'USER_NOT_CONFIGURED';
  const user = access.user;
  if (!access.contactInboxIds.some((inboxId) => canSeeInbox(user, inboxId))) return 'CONTACT_NOT_VISIBLE';
  return undefined;
}

/**
 * Insights generated with `scope: "visible"` show one agent's view: another reader sees them only when
 * every source is in an inbox it can see (else they are, for that reader, not there: 404, never someone
 * else's view). `all`-scoped insights are for every reader of the contact.
 */
export function mayReadInsights(user: InsightsUser, scope: 'all' | 'visible', sourceInboxIds: readonly string[]): boolean {
  return scope === 'all' || sourceInboxIds.every((inboxId) => canSeeInbox(user, inboxId));
}
