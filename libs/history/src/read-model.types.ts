import type { ContactInsightsGeneratedData } from '@app/events';
import type { HandledByView, JobView } from './history.types';

/** Documents of the read models. Each carries the event time of the facts it holds, for ordering. */

export interface CallFacts {
  readonly conversationId: string;
  readonly inboxId: string;
  readonly contact: { readonly contactId?: string; readonly phone?: string; readonly email?: string; readonly name?: string };
  readonly direction: 'inbound' | 'outbound';
  readonly status: string;
  readonly startedAt: string;
  readonly answeredAt?: string;
  readonly endedAt: string;
  readonly handledBy?: HandledByView;
  readonly queueId?: string;
}

/** A call, message or voicemail, built from whichever of its events have arrived so far. */
export interface ActivityDocument {
  readonly workspaceId: string;
  readonly id: string;
  readonly kind: 'call' | 'message' | 'voicemail';
  /** Missing until the event that places the activity (call.completed, the message, the voicemail) arrives. */
  readonly inboxId?: string;
  readonly conversationId?: string;
  readonly contact?: CallFacts['contact'];
  readonly direction?: 'inbound' | 'outbound';
  readonly channel?: 'voice' | 'sms' | 'whatsapp' | 'webchat' | 'webmessaging';
  readonly occurredAt?: string;
  readonly durationSeconds?: number;
  readonly status?: string;
  readonly handledBy?: HandledByView;
  readonly body?: string;
  readonly summary?: string;
  readonly nextSteps?: readonly string[];
  readonly jobs?: readonly JobView[];
  readonly transcriptLanguage?: string;
  readonly transcriptExcerpt?: string;
  /** Event times of the facts above, so a late or re-sent older fact never overwrites a newer one. */
  readonly placedAt?: string;
  readonly summarisedAt?: string;
  readonly transcribedAt?: string;
}

export interface WrapupFacts {
  readonly code: string;
  readonly label?: string;
  readonly assignedAt: string;
}

/** Per conversation: its inbox, and the wrap-up code shown to agents (never the internal wrap-up notes). */
export interface ConversationDocument {
  readonly workspaceId: string;
  readonly conversationId: string;
  /** The inbox of the conversation's earliest placing event (a routed session, a call, a message). */
  readonly inboxId?: string;
  readonly inboxPlacedAt?: string;
  readonly wrapup?: WrapupFacts;
}

/** The current contact insights of a contact: the latest `contact.insights.generated` (by event time). */
export interface InsightsDocument extends Omit<ContactInsightsGeneratedData, 'nextStep'> {
  readonly generatedAt: string;
  readonly nextStep?: ContactInsightsGeneratedData['nextStep'];
}

export interface SessionDocument {
  readonly workspaceId: string;
  readonly sessionId: string;
  readonly conversationId?: string;
  readonly inboxId?: string;
  readonly channel?: 'call' | 'webchat' | 'webmessaging';
  readonly direction?: 'inbound' | 'outbound';
  readonly queueId?: string;
  readonly queueName?: string;
  readonly contact?: CallFacts['contact'];
  readonly agent?: { readonly id: string; readonly name: string };
  readonly routedAt?: string;
  readonly connectedAt?: string;
  readonly endedAt?: string;
  readonly endedBy?: 'agent' | 'customer';
  readonly wrapup?: WrapupFacts;
}

export interface ContactDocument {
  readonly workspaceId: string;
  readonly contactId: string;
  readonly name?: string;
  /** Event time of the newest `contact.identified` that gave a name. */
  readonly namedAt?: string;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  /**
   * Every identifier of the contact (`contactIdentifiers`), kept with it so that a store can read a
   * caller's activities in the same statement as the contact (one round trip per history call on
   * PostgreSQL). Absent from documents projected before it existed: readers then resolve in two steps.
   */
  readonly identifiers?: readonly string[];
  readonly identifiedAt: string;
}

export interface InboxDocument {
  readonly workspaceId: string;
  readonly inboxId: string;
  readonly name: string;
  readonly phoneNumber: string;
  readonly language: string;
  readonly historyEnabled: boolean;
  readonly configuredAt: string;
}

export interface WorkspaceDocument {
  readonly workspaceId: string;
  readonly insightsEnabled: boolean;
  readonly configuredAt: string;
}

export interface UserDocument {
  readonly workspaceId: string;
  readonly userId: string;
  readonly name: string;
  readonly licenses: readonly string[];
  readonly inboxIds: readonly string[];
  readonly role: 'agent' | 'admin';
  readonly configuredAt: string;
}
