import type { Clock } from '@app/clock';
import {
  type ActivityDocument,
  buildHistory,
  type ConversationDocument,
  conversationKeyPrefix,
  HISTORY_MAX_ACTIVITIES,
  type HistoryQuery,
  type HistoryRequest,
  type HistoryResponse,
  historyWindow,
  type InboxDocument,
  inboxKey,
} from '@app/history';
import { resolveContactIdentifiers } from './contact-identifiers.resolver';
import type { ReadModelStore } from './read-model-store.port';

/** Query 1 over the read models: a few indexed reads, then the pure window rules. */
export class ReadModelHistoryQuery implements HistoryQuery {
  constructor(
    private readonly readModels: ReadModelStore,
    private readonly clock: Clock,
  ) {}

  async getHistory(request: HistoryRequest): Promise<HistoryResponse> {
    const at = request.at ?? this.clock.now().toISOString();
    const workspaceId = request.workspaceId;
    // The inbox and the caller's identifiers are independent reads: on PostgreSQL, concurrent round trips.
    const [inboxes, identifiers] = await Promise.all([
      this.readModels.documents<InboxDocument>('inbox', [inboxKey(workspaceId, request.inboxId)]),
      resolveContactIdentifiers(this.readModels, workspaceId, request),
    ]);
    const inbox = inboxes.get(inboxKey(workspaceId, request.inboxId));
    if (inbox && !inbox.historyEnabled) return buildHistory({ at, inbox, activities: [], conversations: new Map() });
    const window = historyWindow(at);
    // The activities and their conversations (for the wrap-up) in one read: one round trip on PostgreSQL.
    const { documents: activities, references: conversations } = await this.readModels.findDocumentsWithReferences<
      ActivityDocument,
      ConversationDocument
    >(
      {
        index: 'activity-by-contact',
        workspaceId,
        identifiers,
        scope: request.inboxId,
        fromSortKey: window.start,
        toSortKey: window.end,
        limit: HISTORY_MAX_ACTIVITIES,
      },
      { collection: 'conversation', field: 'conversationId', keyPrefix: conversationKeyPrefix(workspaceId) },
    );
    return buildHistory({
      at,
      inbox,
      activities,
      conversations: new Map([...conversations.values()].map((conversation) => [conversation.conversationId, conversation])),
    });
  }
}
