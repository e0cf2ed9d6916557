import type { Clock } from '@app/clock';
import {
  type ActivityDocument,
  buildHistory,
  callerIdentifiers,
  type ContactDocument,
  type ConversationDocument,
  conversationKeyPrefix,
  documentId,
  HISTORY_MAX_ACTIVITIES,
  type HistoryQuery,
  type HistoryRequest,
  type HistoryResponse,
  historyWindow,
  type InboxDocument,
  inboxKey,
} from '@app/history';
import { callerContactLookup } from './contact-identifiers.resolver';
import type { ContactDocumentsQuery, DocumentsWithReferences, ReadModelStore } from './read-model-store.port';

/**
 * Query 1 over the read models: one read (the inbox, the caller's contact, the activities of every
 * identifier it has in the window, and their conversations for the wrap-up: one statement on
 * PostgreSQL), then the pure window rules.
 */
export class ReadModelHistoryQuery implements HistoryQuery {
  constructor(
    private readonly readModels: ReadModelStore,
    private readonly clock: Clock,
  ) {}

  async getHistory(request: HistoryRequest): Promise<HistoryResponse> {
    const at = request.at ?? this.clock.now().toISOString();
    const workspaceId = request.workspaceId;
    const inboxReference = { collection: 'inbox', key: inboxKey(workspaceId, request.inboxId) };
    const lookup = callerContactLookup(workspaceId, request);
    if (lookup === undefined) {
      const inbox = (await this.readModels.documents<InboxDocument>('inbox', [inboxReference.key])).get(inboxReference.key);
      return buildHistory({ at, inbox, activities: [], conversations: new Map() });
    }
    const window = historyWindow(at);
    const query: ContactDocumentsQuery = {
      documents: [inboxReference],
      contact: lookup.contact,
      identifiersField: 'identifiers',
      query: {
        index: 'activity-by-contact',
        workspaceId,
        identifiers: [lookup.asked],
        scope: request.inboxId,
        fromSortKey: window.start,
        toSortKey: window.end,
        limit: HISTORY_MAX_ACTIVITIES,
      },
      reference: { collection: 'conversation', field: 'conversationId', keyPrefix: conversationKeyPrefix(workspaceId) },
    };
    const read = await this.readModels.findContactDocuments<ContactDocument, ActivityDocument, ConversationDocument>(query);
    const inbox = read.byKey.get(documentId(inboxReference.collection, inboxReference.key)) as InboxDocument | undefined;
    let found: DocumentsWithReferences<ActivityDocument, ConversationDocument> = read;
    // A contact projected before documents listed their identifiers: what its other identifiers hold is read now.
    if (read.contact && read.contact.identifiers === undefined && (!inbox || inbox.historyEnabled)) {
      const identifiers = callerIdentifiers(lookup.asked, [read.contact]);
      found = await this.readModels.findDocumentsWithReferences({ ...query.query, identifiers }, query.reference);
    }
    return buildHistory({
      at,
      inbox,
      activities: found.documents,
      conversations: new Map([...found.references.values()].map((conversation) => [conversation.conversationId, conversation])),
    });
  }
}
