import type { InsightsRefusal } from '../insights-permissions.rule';

/** Codes of the insights use cases; each transport maps them in one place (HTTP: problem-details.ts). */
export type InsightsErrorCode =
  InsightsRefusal | 'NO_INSIGHTS' | 'NO_CALL_TRANSCRIPT' | 'INVALID_CONTACT' | 'INVALID_INSIGHTS_REQUEST' | 'INSIGHTS_NOT_STORED';

/** Messages are for the agent on the desktop: plain words, no internals. */
export class InsightsError extends Error {
  constructor(
    readonly code: InsightsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'InsightsError';
  }
}

const MESSAGES: Record<InsightsRefusal, string> = {
  INSIGHTS_DISABLED: 'Contact insights are turned off for this workspace. An administrator can turn them on.',
  USER_NOT_CONFIGURED: 'Your user is not configured in this workspace yet, so insights cannot be shown to you.',
  LICENCE_REQUIRED: 'Generating insights needs the AI Assist Pro licence. Ask an administrator to assign it to you.',
  CONVERSATION_NOT_FOUND: 'The conversation you are in is not known yet; insights cannot be generated from it.',
  CONVERSATION_NOT_VISIBLE: 'You cannot see the conversation you asked from, so you cannot generate insights in it.',
  CONTACT_NOT_VISIBLE: 'You cannot see any conversation with this contact.',
};

export const refused = (refusal: InsightsRefusal): InsightsError => new InsightsError(refusal, MESSAGES[refusal]);
