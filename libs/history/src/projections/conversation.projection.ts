import type { HindsightEvent } from '@app/events';
import type { ConversationDocument } from '../read-model.types';
import { conversationKey } from './document-key';
import { type DocumentProjection, isNotOlder } from './document-projection';

/** The events that place a conversation in an inbox. */
function inboxOf(event: HindsightEvent): string | undefined {
  switch (event.type) {
    case 'session.routed':
      return event.data.inboxId;
    case 'call.completed':
    case 'message.received':
    case 'message.sent':
      return event.data.inboxId;
    default:
      return undefined;
  }
}

/**
 * Per conversation: its inbox (who may see it, and the language of its line) and its wrap-up code.
 * Wrap-up notes are internal: `foldEvents` strips them before this reducer. The inbox is the one of the
 * conversation's earliest placing event, whatever the arrival order (a transferred call keeps its first
 * line); once known, later events return the document unchanged, so the engine writes nothing for them.
 */
export const conversationProjection: DocumentProjection<ConversationDocument> = {
  collection: 'conversation',

  keyOf(event) {
    if (event.type === 'conversation.wrapup.assigned') return conversationKey(event.data.workspaceId, event.data.conversationId);
    if (event.type === 'session.routed' && event.data.inboxId === undefined) return undefined;
    return inboxOf(event) === undefined || !('conversationId' in event.data)
      ? undefined
      : conversationKey(event.data.workspaceId, event.data.conversationId);
  },

  apply(document, event) {
    if (event.type === 'conversation.wrapup.assigned') {
      const { workspaceId, conversationId, code, label } = event.data;
      const current = document ?? { workspaceId, conversationId };
      if (current.wrapup && !isNotOlder(event.time, current.wrapup.assignedAt)) return current;
      return { ...current, wrapup: { code, ...(label === undefined ? {} : { label }), assignedAt: event.time } };
    }
    const inboxId = inboxOf(event);
    if (inboxId === undefined || !('conversationId' in event.data)) return document;
    const current = document ?? { workspaceId: event.data.workspaceId, conversationId: event.data.conversationId };
    // Earliest wins; an equal time keeps what is there, so a re-delivery changes nothing.
    if (current.inboxPlacedAt !== undefined && event.time >= current.inboxPlacedAt) return current;
    return { ...current, inboxId, inboxPlacedAt: event.time };
  },
};
