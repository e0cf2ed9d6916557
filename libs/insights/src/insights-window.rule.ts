import type { ActivityDocument } from '@app/history';

/** SPEC "Query 2": the 12 most recent eligible interactions within the last 6 calendar months. */
export const INSIGHTS_MAX_INTERACTIONS = 12;
export const INSIGHTS_WINDOW_MONTHS = 6;

export interface InsightsWindow {
  /** Inclusive bounds, UTC ISO 8601. */
  readonly from: string;
  readonly to: string;
}

/**
 * `[at − 6 calendar months, at]`: the same day and time six months earlier, or the last day of that
 * month when it is shorter (31 August → 29 February on a leap year, 28 February otherwise).
 */
export function insightsWindow(at: string, months: number = INSIGHTS_WINDOW_MONTHS): InsightsWindow {
  const end = new Date(at);
  const start = new Date(end);
  start.setUTCDate(1);
  start.setUTCMonth(start.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
  start.setUTCDate(Math.min(end.getUTCDate(), lastDay));
  return { from: start.toISOString(), to: end.toISOString() };
}

/**
 * What insights are made of: calls with a transcript, voicemails with a transcript, SMS and WhatsApp
 * messages, placed in an inbox. Calls without a transcript, web chats and internal activity are not.
 */
export function isEligibleInteraction(activity: ActivityDocument): boolean {
  if (activity.inboxId === undefined || activity.occurredAt === undefined) return false;
  switch (activity.kind) {
    case 'call':
    case 'voicemail':
      return activity.transcriptLanguage !== undefined;
    case 'message':
      return activity.channel === 'sms' || activity.channel === 'whatsapp';
  }
}

const inWindow = (window: InsightsWindow, time: string | undefined): boolean =>
  time !== undefined && time >= window.from && time <= window.to;

/** Newest first; equal times by id, so the selection is deterministic. */
const newestFirst = (left: ActivityDocument, right: ActivityDocument): number =>
  (right.occurredAt ?? '').localeCompare(left.occurredAt ?? '') || left.id.localeCompare(right.id);

/** The most recent eligible interactions of the window, newest first (at most `limit`). */
export function selectInsightsInteractions(
  activities: readonly ActivityDocument[],
  window: InsightsWindow,
  limit: number = INSIGHTS_MAX_INTERACTIONS,
): ActivityDocument[] {
  return activities
    .filter((activity) => isEligibleInteraction(activity) && inWindow(window, activity.occurredAt))
    .sort(newestFirst)
    .slice(0, limit);
}

/** The precondition of a generation: at least one call with a transcript among the interactions. */
export const hasCallWithTranscript = (activities: readonly ActivityDocument[]): boolean =>
  activities.some((activity) => activity.kind === 'call' && activity.transcriptLanguage !== undefined);

/**
 * Insights are stale when eligible interactions newer than their newest source exist: how many.
 * `activities` are the contact's (any order); eligibility is the same rule as for a generation.
 */
export function newerInteractions(activities: readonly ActivityDocument[], newestSourceAt: string, until: string): number {
  return activities.filter(
    (activity) => isEligibleInteraction(activity) && activity.occurredAt! > newestSourceAt && activity.occurredAt! <= until,
  ).length;
}
