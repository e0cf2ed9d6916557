import type { ConversationDocument } from '../read-model.types';
import { conversationKey } from './document-key';
import { type DocumentProjection, isNotOlder } from './document-projection';

/** The wrap-up code of each conversation. Wrap-up notes are internal: `foldEvents` strips them before this reducer. */
export const conversationProjection: DocumentProjection<ConversationDocument> = {
  collection: 'conversation',

  keyOf(event) {
    return event.type === 'conversation.wrapup.assigned' ? conversationKey(event.data.workspaceId, event.data.conversationId) : undefined;
  },

  apply(document, event) {
    if (event.type !== 'conversation.wrapup.assigned') return document;
    const { workspaceId, conversationId, code, label } = event.data;
    const current = document ?? { workspaceId, conversationId };
    if (current.wrapup && !isNotOlder(event.time, current.wrapup.assignedAt)) return current;
    return { ...current, wrapup: { code, ...(label === undefined ? {} : { label }), assignedAt: event.time } };
  },
};
