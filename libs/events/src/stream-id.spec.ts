import type { EventType } from './event-catalogue';
import { EVENT_TYPES } from './event-catalogue';
import { validateEvent } from './event.parser';
import { streamIdOf } from './stream-id';
import { cloudEvent } from './testing/event.fixtures';

const STREAMS: Record<EventType, string> = {
  'call.completed': 'ws-1/call-call-1',
  'call.transcript.completed': 'ws-1/call-call-1',
  'call.summary.completed': 'ws-1/call-call-1',
  'message.received': 'ws-1/conversation-conv-2',
  'message.sent': 'ws-1/conversation-conv-2',
  'voicemail.completed': 'ws-1/voicemail-vm-1',
  'conversation.wrapup.assigned': 'ws-1/conversation-conv-1',
  'conversation.note.added': 'ws-1/conversation-conv-1',
  'conversation.comment.added': 'ws-1/conversation-conv-1',
  'conversation.reaction.added': 'ws-1/conversation-conv-1',
  'conversation.tag.added': 'ws-1/conversation-conv-1',
  'session.routed': 'ws-1/session-session-1',
  'session.connected': 'ws-1/session-session-1',
  'session.ended': 'ws-1/session-session-1',
  'contact.identified': 'ws-1/contact-contact-1',
  'inbox.configured': 'ws-1/inbox-inbox-1',
  'workspace.configured': 'ws-1/workspace',
  'user.configured': 'ws-1/user-user-1',
  'contact.insights.generated': 'ws-1/insights-tel:+33612345678',
};

describe('streamIdOf', () => {
  it.each(EVENT_TYPES.map((type) => [type, STREAMS[type]]))('puts %s in %s', (type, stream) => {
    const result = validateEvent(cloudEvent(type));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(streamIdOf(result.event)).toBe(stream);
  });
});
