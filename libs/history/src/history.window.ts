import type { HistoryActivity, HistoryResponse, KnownFact, OpenItem } from './history.types';
import { HISTORY_MAX_ACTIVITIES, HISTORY_WINDOW_DAYS } from './history.types';
import type { ActivityDocument, ConversationDocument, InboxDocument } from './read-model.types';

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

export const inWindow = (window: HistoryWindow, time: string | undefined): time is string =>
  time !== undefined && time >= window.start && time <= window.end;

/** Wrap-up codes that close a request; matched loosely because each workspace names its own codes. */
const RESOLVING_CODE = /resolved|solved|closed|done|complete|résolu|resuelto/i;

/** Newest first; equal times are ordered by id so answers are deterministic. */
export const newestFirst = (left: { occurredAt?: string; id: string }, right: { occurredAt?: string; id: string }): number =>
  (right.occurredAt ?? '').localeCompare(left.occurredAt ?? '') || left.id.localeCompare(right.id);

export interface HistoryInputs {
  readonly at: string;
  readonly inbox?: InboxDocument;
  /** Candidate activities of the caller in this inbox (any time; the window is applied here). */
  readonly activities: readonly ActivityDocument[];
  readonly conversations: ReadonlyMap<string, ConversationDocument>;
}

export function emptyHistory(at: string, reason: string): HistoryResponse {
  const window = historyWindow(at);
  return {
    available: false,
    unavailableReason: reason,
    windowStart: window.start,
    windowEnd: window.end,
    activities: [],
    openItems: [],
    knownFacts: [],
  };
}

/**
 * Query 1's rules as a pure function: the 30 most recent activities of the window, newest first, what
 * was shared with the caller only, the last summary, the requests still open and the facts already given.
 */
export function buildHistory(inputs: HistoryInputs): HistoryResponse {
  if (inputs.inbox && !inputs.inbox.historyEnabled) return emptyHistory(inputs.at, 'history is disabled for this inbox');
  const window = historyWindow(inputs.at);
  const selected = inputs.activities
    .filter((activity) => activity.inboxId !== undefined && inWindow(window, activity.occurredAt))
    .sort(newestFirst)
    .slice(0, HISTORY_MAX_ACTIVITIES);
  const activities = selected.map((activity) => toView(asOf(activity, inputs.at), inputs.conversations, inputs.at));
  const summarised = activities.find((activity) => activity.summary !== undefined);
  return {
    available: true,
    windowStart: window.start,
    windowEnd: window.end,
    activities,
    ...(summarised ? { lastSummary: { activityId: summarised.id, summary: summarised.summary!, occurredAt: summarised.occurredAt } } : {}),
    openItems: openItems(activities),
    knownFacts: knownFacts(activities),
  };
}

/**
 * "As of" answers show only facts whose event time is not after `at`: a summary or transcript produced
 * later was not known then. (Documents keep the latest version of each fact, so a fact superseded
 * before today is not recoverable here; the event log has every version.)
 */
function asOf(activity: ActivityDocument, at: string): ActivityDocument {
  const known = (time: string | undefined) => time === undefined || time <= at;
  return {
    ...activity,
    ...(known(activity.summarisedAt) ? {} : { summary: undefined, nextSteps: undefined, jobs: undefined }),
    ...(known(activity.transcribedAt) ? {} : { transcriptExcerpt: undefined, transcriptLanguage: undefined }),
  };
}

function toView(activity: ActivityDocument, conversations: ReadonlyMap<string, ConversationDocument>, at: string): HistoryActivity {
  const assigned = activity.conversationId ? conversations.get(activity.conversationId)?.wrapup : undefined;
  const wrapup = assigned && assigned.assignedAt <= at ? assigned : undefined;
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

const resolves = (activity: HistoryActivity): boolean =>
  (activity.wrapupCode !== undefined && RESOLVING_CODE.test(activity.wrapupCode)) ||
  (activity.kind === 'call' && activity.status === 'answered' && activity.summary !== undefined && activity.nextSteps.length === 0);

/**
 * Next steps of recent calls that nothing later resolved. A request counts as resolved when its own
 * conversation, or a later activity, was wrapped up with a resolving code, or when a later answered
 * call was summarised with no next step left.
 */
export function openItems(activities: readonly HistoryActivity[]): OpenItem[] {
  const items: OpenItem[] = [];
  activities.forEach((activity, index) => {
    if (activity.kind !== 'call' || activity.nextSteps.length === 0) return;
    const later = activities.slice(0, index);
    const resolved = (activity.wrapupCode !== undefined && RESOLVING_CODE.test(activity.wrapupCode)) || later.some(resolves);
    if (resolved) return;
    for (const text of activity.nextSteps) items.push({ activityId: activity.id, text, occurredAt: activity.occurredAt });
  });
  return items;
}

/** Fields the caller already gave to a voice agent job; the newest value of each field wins. */
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
