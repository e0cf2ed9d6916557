/** The voice agent's question and Hindsight's answer (SPEC "Query 1"). Plain data, transport-neutral. */

export type ActivityKind = 'call' | 'message' | 'voicemail';
export type ActivityChannel = 'voice' | 'sms' | 'whatsapp' | 'webchat' | 'webmessaging';

export interface HandledByView {
  readonly kind: 'user' | 'ai_agent';
  readonly id: string;
  readonly name?: string;
}

export interface JobView {
  readonly jobId: string;
  readonly name: string;
  readonly outcome: string;
  /** Fields the caller gave during the job, values as text. */
  readonly collected: Readonly<Record<string, string>>;
}

/** One call, message or voicemail between the caller and the inbox: only what was shared with the caller. */
export interface HistoryActivity {
  /** callId, messageId or voicemailId. */
  readonly id: string;
  readonly kind: ActivityKind;
  readonly direction: 'inbound' | 'outbound';
  readonly channel: ActivityChannel;
  /** A call's startedAt, a voicemail's recordedAt, a message's event time (UTC ISO 8601). */
  readonly occurredAt: string;
  readonly durationSeconds?: number;
  /** Calls: answered, missed, abandoned, voicemail. */
  readonly status?: string;
  readonly summary?: string;
  readonly nextSteps: readonly string[];
  readonly transcriptExcerpt?: string;
  /** Messages: the text. */
  readonly body?: string;
  readonly handledBy?: HandledByView;
  readonly wrapupCode?: string;
  readonly wrapupLabel?: string;
  readonly jobs: readonly JobView[];
}

export interface OpenItem {
  readonly activityId: string;
  readonly text: string;
  readonly occurredAt: string;
}

export interface KnownFact {
  readonly field: string;
  readonly value: string;
  readonly activityId: string;
  readonly collectedAt: string;
}

export interface HistoryResponse {
  readonly available: boolean;
  /** Why there is nothing to show: history disabled, store unavailable, deadline exceeded… */
  readonly unavailableReason?: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  /** Newest first, at most 30. */
  readonly activities: readonly HistoryActivity[];
  readonly lastSummary?: { readonly activityId: string; readonly summary: string; readonly occurredAt: string };
  readonly openItems: readonly OpenItem[];
  readonly knownFacts: readonly KnownFact[];
}

export interface HistoryRequest {
  readonly workspaceId: string;
  readonly inboxId: string;
  /** Exactly one of contactId or phone (E.164 once validated). */
  readonly contactId?: string;
  readonly phone?: string;
  /** "As of" instant (UTC ISO 8601); now when absent. */
  readonly at?: string;
}

/** DI token of the history query port. */
export const HISTORY_QUERY = Symbol('HISTORY_QUERY');

export interface HistoryQuery {
  /** Answers from the read model; rejects with an error of code STORE_UNAVAILABLE when the read model cannot be reached. */
  getHistory(request: HistoryRequest): Promise<HistoryResponse>;
}

export const HISTORY_WINDOW_DAYS = 21;
export const HISTORY_MAX_ACTIVITIES = 30;
