import type { HistoryActivity, HistoryResponse } from './history.types';

/** The summary of the newest summarised activity (`activities` are newest first). */
export function lastSummary(activities: readonly HistoryActivity[]): HistoryResponse['lastSummary'] {
  const summarised = activities.find((activity) => activity.summary !== undefined);
  return summarised ? { activityId: summarised.id, summary: summarised.summary!, occurredAt: summarised.occurredAt } : undefined;
}
