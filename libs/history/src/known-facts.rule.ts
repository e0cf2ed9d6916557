import type { HistoryActivity, KnownFact } from './history.types';

/** Fields the caller already gave to a voice agent job; the newest value of each field wins (`activities` are newest first). */
export function knownFacts(activities: readonly HistoryActivity[]): KnownFact[] {
  const facts = new Map<string, KnownFact>();
  for (const activity of activities) {
    for (const job of activity.jobs) {
      for (const [field, value] of Object.entries(job.collected)) {
        if (!facts.has(field)) facts.set(field, { field, value, activityId: activity.id, collectedAt: activity.occurredAt });
      }
    }
  }
  return [...facts.values()];
}
