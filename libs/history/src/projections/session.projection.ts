import type { SessionDocument } from '../read-model.types';
import { sessionKey } from './document-key';
import { type DocumentProjection, type IndexEntry, isNotOlder } from './document-projection';
import { identifiersOf } from '../contact-identifier';

/**
 * Agent sessions (routed → connected → ended) with their wrap-up code. Each step keeps its own event
 * time, so steps arriving out of order (an end before the connection, a code before the end) still
 * produce the same document.
 */
export const sessionProjection: DocumentProjection<SessionDocument> = {
  collection: 'session',

  keyOf(event) {
    switch (event.type) {
      case 'session.routed':
      case 'session.connected':
      case 'session.ended':
        return sessionKey(event.data.workspaceId, event.data.sessionId);
      case 'conversation.wrapup.assigned':
        return event.data.sessionId ? sessionKey(event.data.workspaceId, event.data.sessionId) : undefined;
      default:
        return undefined;
    }
  },

  apply(document, event) {
    switch (event.type) {
      case 'session.routed': {
        const current = document ?? { workspaceId: event.data.workspaceId, sessionId: event.data.sessionId };
        if (!isNotOlder(event.time, current.routedAt)) return current;
        const { conversationId, inboxId, channel, direction, queueId, queueName, contact } = event.data;
        return { ...current, conversationId, inboxId, channel, direction, queueId, queueName, contact, routedAt: event.time };
      }
      case 'session.connected': {
        const current = document ?? { workspaceId: event.data.workspaceId, sessionId: event.data.sessionId };
        if (!isNotOlder(event.time, current.connectedAt)) return current;
        return { ...current, agent: event.data.agent, connectedAt: event.time };
      }
      case 'session.ended': {
        const current = document ?? { workspaceId: event.data.workspaceId, sessionId: event.data.sessionId };
        if (!isNotOlder(event.time, current.endedAt)) return current;
        return { ...current, endedBy: event.data.endedBy, endedAt: event.time };
      }
      case 'conversation.wrapup.assigned': {
        if (!event.data.sessionId) return document;
        const current = document ?? { workspaceId: event.data.workspaceId, sessionId: event.data.sessionId };
        if (current.wrapup && !isNotOlder(event.time, current.wrapup.assignedAt)) return current;
        const { code, label } = event.data;
        return { ...current, wrapup: { code, ...(label === undefined ? {} : { label }), assignedAt: event.time } };
      }
      default:
        return document;
    }
  },

  /** The agent desktop lists a contact's session cards: sessions are indexed under every identifier of their contact. */
  indexEntries(document): IndexEntry[] {
    if (!document.routedAt) return [];
    return identifiersOf(document.contact).map((identifier) => ({
      index: 'session-by-contact',
      workspaceId: document.workspaceId,
      identifier,
      scope: document.inboxId ?? '',
      sortKey: document.routedAt!,
    }));
  },
};
