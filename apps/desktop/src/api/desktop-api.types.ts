// A hand-written mirror of the server's response DTOs (apps/hindsight/src/insights/insights-response.dto.ts):
// the browser bundle imports nothing from the server. The Chromium e2e reads real answers through them.

export interface AgentInbox {
  inboxId: string;
  name?: string;
  phoneNumber?: string;
  language?: string;
}

export type GenerationUnavailable = 'INSIGHTS_DISABLED' | 'USER_NOT_CONFIGURED' | 'LICENCE_REQUIRED';

export interface AgentProfile {
  workspaceId: string;
  userId: string;
  name: string;
  role: 'agent' | 'admin';
  licenses: string[];
  inboxes: AgentInbox[];
  seesEveryInbox: boolean;
  insightsEnabled: boolean;
  canGenerateInsights: boolean;
  generationUnavailable?: GenerationUnavailable;
}

export type SessionColour = 'blue' | 'white' | 'grey';

export interface SessionCard {
  sessionId: string;
  startedAt?: string;
  endedAt?: string;
  conversationId?: string;
  inboxId?: string;
  colour: SessionColour;
  direction?: 'inbound' | 'outbound';
  channelIcon: 'call' | 'chat';
  durationSeconds?: number;
  queue?: string;
  agent?: string;
  status: string;
  wrapupLabel?: string;
}

export interface Handler {
  kind: 'user' | 'ai_agent';
  id: string;
  name?: string;
}

export interface TimelineItem {
  interactionId: string;
  kind: 'call' | 'message' | 'voicemail';
  channel?: string;
  direction?: 'inbound' | 'outbound';
  occurredAt: string;
  inboxId: string;
  inboxName?: string;
  conversationId?: string;
  status?: string;
  durationSeconds?: number;
  handledBy?: Handler;
  summary?: string;
  excerpt?: string;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor?: string;
}

export interface SourcedStatement {
  text: string;
  sources: string[];
}

export interface InsightsSource {
  interactionId: string;
  kind: 'call' | 'voicemail' | 'message';
  channel: 'call' | 'voicemail' | 'sms' | 'whatsapp';
  occurredAt: string;
  inboxId: string;
}

export interface Insights {
  workspaceId: string;
  contact: { contactId?: string; phones: string[]; emails: string[] };
  generatedAt: string;
  generatedBy: { userId: string; name: string };
  conversationId: string;
  scope: 'all' | 'visible';
  language: string;
  generator: { kind: 'builtin' | 'llm'; provider?: string; model?: string };
  facts: {
    lastInteraction: { interactionId: string; occurredAt: string; channel: string; direction?: string; handledBy?: Handler };
    interactionCount: number;
    byChannel: Record<'call' | 'voicemail' | 'sms' | 'whatsapp', number>;
    period: { from: string; to: string };
  };
  topics: SourcedStatement[];
  summary: SourcedStatement[];
  nextStep: SourcedStatement | null;
  sources: InsightsSource[];
  stale: boolean;
  newerInteractions: number;
}

/** What the live-updates stream says (GET …/contacts/:contact/updates). */
export type ContactUpdate =
  | { type: 'session'; card: SessionCard }
  | { type: 'interaction'; interactionId: string; inboxId?: string; occurredAt?: string }
  | { type: 'reset' };
