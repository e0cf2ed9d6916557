import { HISTORY_MAX_ACTIVITIES, HISTORY_WINDOW_DAYS } from './history.types';
import type { ActivityDocument } from './read-model.types';

const DAY_MS = 86_400_000;

export interface HistoryWindow {
  readonly start: string;
  readonly end: string;
}

/** `[at − 21 days, at]`, both ends included. */
export function historyWindow(at: string): HistoryWindow {
  const end = Date.parse(at);
  return { start: new Date(end - HISTORY_WINDOW_DAYS * DAY_MS).toISOString(), end: new Date(end).toISOString() };
}

const inWindow = (window: HistoryWindow, time: string | undefined): time is string =>
  time !== undefined && time >= window.start && time <= window.end;

/** Newest first; equal times are ordered by id so answers are deterministic. */
export const newestFirst = (left: { occurredAt?: string; id: string }, right: { occurredAt?: string; id: string }): number =>
  (right.occurredAt ?? '').localeCompare(left.occurredAt ?? '') || left.id.localeCompare(right.id);

/**
 * The 30 most recent activities of the window, newest first. An activity not yet placed in an inbox
 * (a transcript whose call has not arrived) has no place in an inbox's history.
 */
export function recentActivities(activities: readonly ActivityDocument[], window: HistoryWindow): ActivityDocument[] {
  return activities
    .filter((activity) => activity.inboxId !== undefined && inWindow(window, activity.occurredAt))
    .sort(newestFirst)
    .slice(0, HISTORY_MAX_ACTIVITIES);
}
