import type { ParticipantKind } from '@app/events';

/** What contact insights are made of: calls and voicemails with a transcript, SMS and WhatsApp messages. */
export type InteractionKind = 'call' | 'voicemail' | 'message';
export type InsightsChannel = 'call' | 'voicemail' | 'sms' | 'whatsapp';

export interface TranscriptLine {
  readonly speaker: ParticipantKind;
  readonly text: string;
}

/** Who handled an interaction for the organisation (a human agent or the AI voice agent). */
export interface InteractionHandler {
  readonly kind: 'user' | 'ai_agent';
  readonly id: string;
  readonly name?: string;
}

/**
 * One interaction as insights see it: shared content only (never internal notes, comments, reactions,
 * tags or wrap-up notes), full transcripts from the event log.
 */
export interface InsightsInteraction {
  /** callId, voicemailId or messageId: what every statement cites. */
  readonly interactionId: string;
  readonly kind: InteractionKind;
  readonly channel: InsightsChannel;
  readonly direction: 'inbound' | 'outbound';
  /** UTC ISO 8601: a call's start, a voicemail's recording, a message's event time. */
  readonly occurredAt: string;
  readonly inboxId: string;
  readonly conversationId: string;
  readonly handledBy?: InteractionHandler;
  /** BCP-47 language of the transcript (calls and voicemails). */
  readonly language?: string;
  /** A call's segments in order, or a voicemail's text as one line spoken by the contact. */
  readonly transcript?: readonly TranscriptLine[];
  /** A message's body. */
  readonly body?: string;
  /** What the telephony platform already wrote about a call. */
  readonly summary?: string;
  readonly nextSteps?: readonly string[];
}

/** A statement and the interactions it came from (ids of `InsightsInteraction`s of the input). */
export interface SourcedText {
  readonly text: string;
  readonly sources: readonly string[];
}

/** What a generator writes; the facts (who, when, channel, counts) are computed, never generated. */
export interface GeneratedContent {
  readonly topics: readonly SourcedText[];
  readonly summary: readonly SourcedText[];
  /** The recommended next step; null when the interactions suggest none. */
  readonly nextStep: SourcedText | null;
}

export interface GeneratorDescription {
  readonly kind: 'builtin' | 'llm';
  readonly provider?: string;
  readonly model?: string;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
}

export interface GenerationInput {
  /** BCP-47 language every statement is written in. */
  readonly language: string;
  /** At most 12, newest first, all of one contact in one workspace. */
  readonly interactions: readonly InsightsInteraction[];
}

export interface Generation {
  readonly content: GeneratedContent;
  readonly generator: GeneratorDescription;
}
