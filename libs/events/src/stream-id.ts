import type { HindsightEvent } from './cloud-event';

/**
 * Stream layout: one stream per entity the event is about, inside its workspace
 * (`<workspaceId>/<entity>-<id>`). The entity is always derivable from the event alone, because
 * events arrive out of order: a transcript or summary only knows its callId, so calls get their own
 * stream; messages and internal activity live in their conversation's stream; sessions, contacts,
 * inboxes and users have theirs. Cross-entity views (a contact's history) are projections, not streams.
 */
/** A call's stream: its completion, transcripts and summaries. */
export const callStreamId = (workspaceId: string, callId: string): string => `${workspaceId}/call-${callId}`;
export const voicemailStreamId = (workspaceId: string, voicemailId: string): string => `${workspaceId}/voicemail-${voicemailId}`;
/** Every generation of a contact's insights, oldest first. */
export const insightsStreamId = (workspaceId: string, contactKey: string): string => `${workspaceId}/insights-${contactKey}`;

export function streamIdOf(event: HindsightEvent): string {
  const workspace = event.data.workspaceId;
  switch (event.type) {
    case 'call.completed':
    case 'call.transcript.completed':
    case 'call.summary.completed':
      return callStreamId(workspace, event.data.callId);
    case 'voicemail.completed':
      return voicemailStreamId(workspace, event.data.voicemailId);
    case 'message.received':
    case 'message.sent':
    case 'conversation.wrapup.assigned':
    case 'conversation.note.added':
    case 'conversation.comment.added':
    case 'conversation.reaction.added':
    case 'conversation.tag.added':
      return `${workspace}/conversation-${event.data.conversationId}`;
    case 'session.routed':
    case 'session.connected':
    case 'session.ended':
      return `${workspace}/session-${event.data.sessionId}`;
    case 'contact.identified':
      return `${workspace}/contact-${event.data.contactId}`;
    case 'inbox.configured':
      return `${workspace}/inbox-${event.data.inboxId}`;
    case 'user.configured':
      return `${workspace}/user-${event.data.userId}`;
    case 'workspace.configured':
      return `${workspace}/workspace`;
    case 'contact.insights.generated':
      return insightsStreamId(workspace, event.data.contactKey);
  }
}
