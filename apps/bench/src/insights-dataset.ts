import { type RawCloudEvent, syntheticEvents } from '@app/events/testing/synthetic-events';

/**
 * The data set of `bench insights`: the history bench's synthetic traffic (same generator, seed, contacts,
 * workspaces and inboxes), shifted so that its newest event is about an hour old, since the insights window
 * ends now; before it, the configuration insights need (the workspaces' toggle, the inboxes, a licensed agent
 * per workspace who sees every inbox of it).
 */
export const BENCH_WORKSPACES = 2;
export const BENCH_INBOXES_PER_WORKSPACE = 10;
export const BENCH_AGENT = 'bench-agent';
/** Event times are spread over this many days before the anchor (the history bench's 180). */
const SPAN_DAYS = 180;
/** Contacts are measured only when their transcribed call is this recent: inside the 6-month window for days to come. */
const MEASURED_CALL_DAYS = 170;
const DAY_MS = 86_400_000;
const SETUP_PREFIX = 'bench-insights-setup-';
const LANGUAGES = ['fr-FR', 'en-US', 'es-ES'] as const;

/** A contact the bench generates insights for: asked by phone, from one of its call's conversation. */
export interface BenchContact {
  readonly workspaceId: string;
  readonly phone: string;
  readonly conversationId: string;
}

/** The newest event's time, an hour ago (whole seconds), so every event is in the past. */
export const freshAnchor = (): Date => new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);

/** What a data set is generated from: a store's first event id says it (see `datasetOf`). */
export interface BenchDataset {
  readonly anchor: Date;
  readonly events: number;
  readonly contacts: number;
}

/** The data set a store was loaded with, if its first event is this bench's. */
export function datasetOf(firstEventId: string | undefined): BenchDataset | undefined {
  if (!firstEventId?.startsWith(SETUP_PREFIX)) return undefined;
  const [anchor, events, contacts] = firstEventId.slice(SETUP_PREFIX.length).split('-').map(Number);
  return [anchor, events, contacts].every(Number.isSafeInteger) ? { anchor: new Date(anchor), events, contacts } : undefined;
}

/** Configuration, dated before any traffic; the first event's id says which data set follows (see `datasetOf`). */
export function setupEvents({ anchor, events: count, contacts }: BenchDataset): RawCloudEvent[] {
  const time = new Date(anchor.getTime() - (SPAN_DAYS + 10) * DAY_MS).toISOString();
  let sequence = 0;
  const event = (type: RawCloudEvent['type'], data: Record<string, unknown>): RawCloudEvent => ({
    specversion: '1.0',
    id: `${SETUP_PREFIX}${anchor.getTime()}-${count}-${contacts}-${++sequence}`,
    source: 'urn:hindsight:bench-insights',
    type,
    time,
    datacontenttype: 'application/json',
    data,
  });
  const events: RawCloudEvent[] = [];
  for (let workspace = 0; workspace < BENCH_WORKSPACES; workspace++) {
    const workspaceId = `ws-${workspace}`;
    const inboxIds = Array.from({ length: BENCH_INBOXES_PER_WORKSPACE }, (_, inbox) => `${workspaceId}-inbox-${inbox}`);
    events.push(event('workspace.configured', { workspaceId, insightsEnabled: true }));
    inboxIds.forEach((inboxId, inbox) =>
      events.push(
        event('inbox.configured', {
          workspaceId,
          inboxId,
          name: `Inbox ${inbox}`,
          phoneNumber: `+3317${String(workspace * 100 + inbox).padStart(7, '0')}`,
          language: LANGUAGES[inbox % LANGUAGES.length],
          historyEnabled: true,
        }),
      ),
    );
    events.push(
      event('user.configured', {
        workspaceId,
        userId: BENCH_AGENT,
        name: 'Bench Agent',
        licenses: ['ai_assist_pro'],
        inboxIds,
        role: 'agent',
      }),
    );
  }
  return events;
}

/** The history bench's traffic, ending at the anchor. */
export const trafficEvents = (events: number, contacts: number, anchor: Date): Generator<RawCloudEvent> =>
  syntheticEvents(events, {
    contacts,
    workspaces: BENCH_WORKSPACES,
    inboxesPerWorkspace: BENCH_INBOXES_PER_WORKSPACE,
    end: anchor,
    days: SPAN_DAYS,
  });

/**
 * Watches the traffic go by and keeps the first `wanted` distinct contacts with a transcribed call in
 * the last MEASURED_CALL_DAYS days (eligible for insights), each with that call's conversation.
 */
export class BenchContactPicker {
  private readonly picked = new Map<string, BenchContact>();
  private lastCall: { readonly callId: string; readonly contact: BenchContact } | undefined;
  private readonly since: string;

  constructor(
    private readonly wanted: number,
    anchor: Date,
  ) {
    this.since = new Date(anchor.getTime() - MEASURED_CALL_DAYS * DAY_MS).toISOString();
  }

  observe(event: RawCloudEvent): void {
    if (this.picked.size >= this.wanted) return;
    const data = event.data as { workspaceId: string; callId?: string; conversationId?: string; contact?: { phone?: string } };
    if (event.type === 'call.completed' && data.callId && data.conversationId && data.contact?.phone) {
      this.lastCall = {
        callId: data.callId,
        contact: { workspaceId: data.workspaceId, phone: data.contact.phone, conversationId: data.conversationId },
      };
    } else if (event.type === 'call.transcript.completed' && data.callId === this.lastCall?.callId && event.time >= this.since) {
      const { contact } = this.lastCall!;
      const key = `${contact.workspaceId} ${contact.phone}`;
      if (!this.picked.has(key)) this.picked.set(key, contact);
    }
  }

  contacts(): BenchContact[] {
    return [...this.picked.values()];
  }
}
