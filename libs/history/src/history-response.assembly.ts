import { asOf, wrapupAsOf } from './as-of.rule';
import { toHistoryActivity } from './history-activity.mapper';
import { historyWindow, recentActivities } from './history-window.rule';
import type { HistoryResponse } from './history.types';
import { knownFacts } from './known-facts.rule';
import { lastSummary } from './last-summary.rule';
import { openItems } from './open-items.rule';
import type { ActivityDocument, ConversationDocument, InboxDocument } from './read-model.types';

export interface HistoryInputs {
  readonly at: string;
  readonly inbox?: InboxDocument;
  /** Candidate activities of the caller in this inbox (any time; the window is applied here). */
  readonly activities: readonly ActivityDocument[];
  readonly conversations: ReadonlyMap<string, ConversationDocument>;
}

/** An answer with nothing to show, and why. */
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
 * Query 1's answer, from its rules: the 30 most recent activities of the window, newest first, as known
 * at `at` and with what was shared with the caller only, the last summary, the requests still open and
 * the facts already given.
 */
export function buildHistory(inputs: HistoryInputs): HistoryResponse {
  if (inputs.inbox && !inputs.inbox.historyEnabled) return emptyHistory(inputs.at, 'history is disabled for this inbox');
  const window = historyWindow(inputs.at);
  const activities = recentActivities(inputs.activities, window).map((activity) =>
    toHistoryActivity(asOf(activity, inputs.at), wrapupAsOf(activity, inputs.conversations, inputs.at)),
  );
  const summary = lastSummary(activities);
  return {
    available: true,
    windowStart: window.start,
    windowEnd: window.end,
    activities,
    ...(summary ? { lastSummary: summary } : {}),
    openItems: openItems(activities),
    knownFacts: knownFacts(activities),
  };
}
