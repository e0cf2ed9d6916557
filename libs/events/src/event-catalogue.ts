import { CallCompletedData, CallSummaryCompletedData, CallTranscriptCompletedData } from './data/call.data';
import { CommentAddedData, NoteAddedData, ReactionAddedData, TagAddedData, WrapupAssignedData } from './data/conversation.data';
import { ContactIdentifiedData, InboxConfiguredData, UserConfiguredData, WorkspaceConfiguredData } from './data/configuration.data';
import { ContactInsightsGeneratedData } from './data/insights.data';
import { MessageData } from './data/message.data';
import { SessionConnectedData, SessionEndedData, SessionRoutedData } from './data/session.data';
import { VoicemailCompletedData } from './data/voicemail.data';

/** Every event type Hindsight accepts, with the class that validates its `data`. */
export const EVENT_CATALOGUE = {
  'call.completed': CallCompletedData,
  'call.transcript.completed': CallTranscriptCompletedData,
  'call.summary.completed': CallSummaryCompletedData,
  'message.received': MessageData,
  'message.sent': MessageData,
  'voicemail.completed': VoicemailCompletedData,
  'conversation.wrapup.assigned': WrapupAssignedData,
  'conversation.note.added': NoteAddedData,
  'conversation.comment.added': CommentAddedData,
  'conversation.reaction.added': ReactionAddedData,
  'conversation.tag.added': TagAddedData,
  'session.routed': SessionRoutedData,
  'session.connected': SessionConnectedData,
  'session.ended': SessionEndedData,
  'contact.identified': ContactIdentifiedData,
  'inbox.configured': InboxConfiguredData,
  'workspace.configured': WorkspaceConfiguredData,
  'user.configured': UserConfiguredData,
  'contact.insights.generated': ContactInsightsGeneratedData,
} as const;

export type EventType = keyof typeof EVENT_CATALOGUE;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];
export type EventData<T extends EventType> = InstanceType<(typeof EVENT_CATALOGUE)[T]>;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_CATALOGUE, value);
}
