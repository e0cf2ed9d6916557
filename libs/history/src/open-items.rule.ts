import type { HistoryActivity, OpenItem } from './history.types';

/** Wrap-up codes that close a request; matched loosely because each workspace names its own codes. */
const RESOLVING_CODE = /resolved|solved|closed|done|complete|résolu|resuelto/i;

const resolvingCode = (activity: HistoryActivity): boolean => activity.wrapupCode !== undefined && RESOLVING_CODE.test(activity.wrapupCode);

const resolves = (activity: HistoryActivity): boolean =>
  resolvingCode(activity) ||
  (activity.kind === 'call' && activity.status === 'answered' && activity.summary !== undefined && activity.nextSteps.length === 0);

/**
 * Next steps of recent calls that nothing later resolved. A request counts as resolved when its own
 * conversation, or a later activity, was wrapped up with a resolving code, or when a later answered
 * call was summarised with no next step left. `activities` are newest first.
 */
export function openItems(activities: readonly HistoryActivity[]): OpenItem[] {
  const items: OpenItem[] = [];
  activities.forEach((activity, index) => {
    if (activity.kind !== 'call' || activity.nextSteps.length === 0) return;
    const later = activities.slice(0, index);
    if (resolvingCode(activity) || later.some(resolves)) return;
    for (const text of activity.nextSteps) items.push({ activityId: activity.id, text, occurredAt: activity.occurredAt });
  });
  return items;
}
