import type { Clock } from '@app/clock';
import {
  type ActivityDocument,
  buildHistory,
  type ContactDocument,
  contactKey,
  type ConversationDocument,
  conversationKey,
  HISTORY_MAX_ACTIVITIES,
  type HistoryQuery,
  type HistoryRequest,
  type HistoryResponse,
  historyWindow,
  type InboxDocument,
  inboxKey,
} from '@app/history';
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
    const inbox = (await this.readModels.documents<InboxDocument>('inbox', [inboxKey(workspaceId, request.inboxId)])).get(
      inboxKey(workspaceId, request.inboxId),
    );
    if (inbox && !inbox.historyEnabled) return buildHistory({ at, inbox, activities: [], conversations: new Map() });
    const identifiers = await this.identifiersOf(request);
    const window = historyWindow(at);
    const hits = await this.readModels.find({
      index: 'activity-by-contact',
      workspaceId,
      identifiers,
      scope: request.inboxId,
      fromSortKey: window.start,
      toSortKey: window.end,
      limit: HISTORY_MAX_ACTIVITIES,
    });
    const activities = [...(await this.readModels.documents<ActivityDocument>('activity', hits.map((hit) => hit.key))).values()];
    const conversationIds = [...new Set(activities.flatMap((activity) => (activity.conversationId ? [activity.conversationId] : [])))];
    const conversations = await this.readModels.documents<ConversationDocument>(
      'conversation',
      conversationIds.map((conversationId) => conversationKey(workspaceId, conversationId)),
    );
    return buildHistory({
      at,
      inbox,
      activities,
      conversations: new Map([...conversations.values()].map((conversation) => [conversation.conversationId, conversation])),
    });
  }

  /** Every identifier of the caller's contact: the one asked for plus those `contact.identified` linked. */
  private async identifiersOf(request: HistoryRequest): Promise<string[]> {
    const workspaceId = request.workspaceId;
    const asked = request.contactId ? `id:${request.contactId}` : `tel:${request.phone}`;
    let contactIds: string[];
    if (request.contactId) {
      contactIds = [request.contactId];
    } else {
      const linked = await this.readModels.find({ index: 'contact-by-identifier', workspaceId, identifiers: [asked], limit: 1 });
      contactIds = linked.map((hit) => hit.key.slice(workspaceId.length + 1));
    }
    const contacts = await this.readModels.documents<ContactDocument>('contact', contactIds.map((contactId) => contactKey(workspaceId, contactId)));
    const identifiers = new Set<string>([asked]);
    for (const contact of contacts.values()) {
      identifiers.add(`id:${contact.contactId}`);
      for (const phone of contact.phones) identifiers.add(`tel:${phone}`);
      for (const email of contact.emails) identifiers.add(`mail:${email}`);
    }
    for (const contactId of contactIds) identifiers.add(`id:${contactId}`);
    return [...identifiers];
  }
}

