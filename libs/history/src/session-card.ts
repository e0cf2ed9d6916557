import type { SessionDocument } from './read-model.types';

export type SessionColour = 'blue' | 'white' | 'grey';

export interface SessionCard {
  readonly sessionId: string;
  /** Where the card sits among the others (newest first) and the time it shows: routed, else connected. */
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** What live updates and the timeline match the card on. */
  readonly conversationId?: string;
  readonly inboxId?: string;
  /** Blue while active, white when it ended before any wrap-up code, grey when ended with one. */
  readonly colour: SessionColour;
  readonly direction?: 'inbound' | 'outbound';
  readonly channelIcon: 'call' | 'chat';
  readonly durationSeconds?: number;
  readonly queue?: string;
  readonly agent?: string;
  /** The wrap-up code once assigned (it replaces the status), else the status. */
  readonly status: string;
  readonly wrapupLabel?: string;
}

/** The agent desktop's session card (SPEC "Agent sessions"), computed from the session document. */
export function sessionCard(session: SessionDocument, now: string): SessionCard {
  const ended = session.endedAt !== undefined;
  const status = session.wrapup?.code ?? statusOf(session);
  const start = session.routedAt ?? session.connectedAt;
  const end = session.endedAt ?? now;
  return {
    sessionId: session.sessionId,
    startedAt: start,
    endedAt: session.endedAt,
    conversationId: session.conversationId,
    inboxId: session.inboxId,
    colour: !ended ? 'blue' : session.wrapup ? 'grey' : 'white',
    direction: session.direction,
    channelIcon: session.channel === 'call' || session.channel === undefined ? 'call' : 'chat',
    durationSeconds: start ? Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 1000)) : undefined,
    queue: session.queueName ?? session.queueId,
    agent: session.agent?.name,
    status,
    wrapupLabel: session.wrapup?.label,
  };
}

// The product's statuses: waiting, connected, then "ended by the customer" (abandoned: the customer
// ended the session before the agent did, in queue or while connected) or ended by the agent.
function statusOf(session: SessionDocument): string {
  if (session.endedAt) return session.endedBy === 'customer' ? 'abandoned' : 'ended';
  if (session.connectedAt) return 'connected';
  return 'waiting';
}
