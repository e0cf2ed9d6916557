import type { HistoryActivity } from './history.types';
import type { ActivityDocument, WrapupFacts } from './read-model.types';

/** An activity document as the caller's history shows it, with its conversation's wrap-up. */
export function toHistoryActivity(activity: ActivityDocument, wrapup: WrapupFacts | undefined): HistoryActivity {
  const view: HistoryActivity = {
    id: activity.id,
    kind: activity.kind,
    direction: activity.direction ?? 'inbound',
    channel: activity.channel ?? 'voice',
    occurredAt: activity.occurredAt!,
    durationSeconds: activity.durationSeconds,
    status: activity.status,
    summary: activity.summary,
    nextSteps: activity.nextSteps ?? [],
    transcriptExcerpt: activity.transcriptExcerpt,
    body: activity.body,
    handledBy: activity.handledBy,
    wrapupCode: wrapup?.code,
    wrapupLabel: wrapup?.label,
    jobs: activity.jobs ?? [],
  };
  // Absent optional fields are left out rather than set to undefined, so answers compare cleanly.
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined)) as unknown as HistoryActivity;
}
