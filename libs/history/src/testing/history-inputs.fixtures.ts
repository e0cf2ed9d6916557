import { buildHistory } from '../history-response.assembly';
import type { HistoryActivity } from '../history.types';
import type { ActivityDocument, ConversationDocument, InboxDocument } from '../read-model.types';

/** The instant every history spec asks "as of". */
export const AT = '2026-03-22T12:00:00.000Z';
export const DAY = 86_400_000;
export const minus = (milliseconds: number): string => new Date(Date.parse(AT) - milliseconds).toISOString();

/** An answered inbound call of `inbox-1`, in its own conversation `conv-<id>`. */
export const call = (id: string, occurredAt: string, extra: Partial<ActivityDocument> = {}): ActivityDocument => ({
  workspaceId: 'ws-1',
  id,
  kind: 'call',
  inboxId: 'inbox-1',
  conversationId: `conv-${id}`,
  direction: 'inbound',
  channel: 'voice',
  occurredAt,
  status: 'answered',
  ...extra,
});

/** The answer as of AT for these documents. */
export const history = (activities: ActivityDocument[], conversations: ConversationDocument[] = [], inbox?: InboxDocument) =>
  buildHistory({
    at: AT,
    activities,
    inbox,
    conversations: new Map(conversations.map((conversation) => [conversation.conversationId, conversation])),
  });

export const ids = (activities: readonly { id: string }[]): string[] => activities.map((activity) => activity.id);

/** A call as the history shows it, for the rules that read views. */
export const callView = (id: string, occurredAt: string, extra: Partial<HistoryActivity> = {}): HistoryActivity => ({
  id,
  kind: 'call',
  direction: 'inbound',
  channel: 'voice',
  occurredAt,
  status: 'answered',
  nextSteps: [],
  jobs: [],
  ...extra,
});
