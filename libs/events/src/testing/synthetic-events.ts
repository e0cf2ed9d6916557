import type { EventType } from '../event-catalogue';

/** A raw (unvalidated) CloudEvent as producers send it. */
export interface RawCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: EventType;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

export interface SyntheticOptions {
  readonly seed?: number;
  readonly workspaces?: number;
  readonly inboxesPerWorkspace?: number;
  readonly contacts?: number;
  /** Event times are spread over this many days before `end`. */
  readonly days?: number;
  readonly end?: Date;
  readonly idPrefix?: string;
  /**
   * `sequential` ids (`syn-42-c`) grow in order, like a producer's counters; `random` ids are
   * UUID-shaped, like most telephony platforms' ids, and land anywhere in an index.
   */
  readonly idStyle?: 'sequential' | 'random';
}

/** Small deterministic PRNG (mulberry32) so data sets are reproducible. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
  'I am calling about my last invoice, the amount looks higher than usual.',
  'Could you move my appointment to Thursday afternoon please?',
  'The delivery was supposed to arrive yesterday but nothing came.',
  'I would like to update the address on my account.',
  'Thanks, that answers my question, have a nice day.',
  'Can you confirm that the refund has been processed?',
  'My internet connection drops every evening around eight.',
  'I already gave my customer number last time, it is 48213.',
  'Let me check that for you, it will take a moment.',
  'I have scheduled a technician visit for Monday morning.',
];

/**
 * Realistic synthetic traffic: calls (completed + ~2 KB transcript + summary with job outcomes),
 * SMS/WhatsApp messages, voicemails with transcripts, sessions and internal notes.
 * Yields events one at a time, so millions can be generated in constant memory.
 */
export function* syntheticEvents(count: number, options: SyntheticOptions = {}): Generator<RawCloudEvent> {
  const next = random(options.seed ?? 42);
  const workspaces = options.workspaces ?? 2;
  const inboxes = options.inboxesPerWorkspace ?? 10;
  const contacts = options.contacts ?? 100_000;
  const endMs = (options.end ?? new Date('2026-11-01T00:00:00Z')).getTime();
  const spanMs = (options.days ?? 180) * 86_400_000;
  const prefix = options.idPrefix ?? 'syn';
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const text = (bytes: number) => {
    let value = '';
    while (value.length < bytes) value += `${pick(SENTENCES)} `;
    return value.slice(0, bytes);
  };

  const randomIds = options.idStyle === 'random';
  const hex = (length: number) => {
    let value = '';
    while (value.length < length)
      value += Math.floor(next() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0');
    return value.slice(0, length);
  };
  const uuid = () => {
    const h = hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  };
  const key = (kind: string) => (randomIds ? `${kind}-${hex(20)}` : `${prefix}-${kind}-${sequence}`);

  let emitted = 0;
  let sequence = 0;
  while (emitted < count) {
    sequence += 1;
    const contactNumber = Math.floor(next() * contacts);
    const workspaceId = `ws-${contactNumber % workspaces}`;
    const inboxId = `${workspaceId}-inbox-${Math.floor(next() * inboxes)}`;
    const contact = { phone: `+336${String(10_000_000 + contactNumber).slice(-8)}` };
    const startMs = endMs - Math.floor(next() * spanMs);
    const at = (offsetMs: number) => new Date(startMs + offsetMs).toISOString();
    const conversationId = key('conv');
    const base = (type: EventType, suffix: string, timeOffsetMs: number, data: Record<string, unknown>): RawCloudEvent => ({
      specversion: '1.0',
      id: randomIds ? uuid() : `${prefix}-${sequence}-${suffix}`,
      source: 'urn:hindsight:synthetic',
      type,
      time: at(timeOffsetMs),
      datacontenttype: 'application/json',
      data: { workspaceId, ...data },
    });
    const roll = next();
    const batch: RawCloudEvent[] = [];
    if (roll < 0.45) {
      const callId = key('call');
      const durationMs = 30_000 + Math.floor(next() * 600_000);
      batch.push(
        base('call.completed', 'c', durationMs, {
          callId,
          conversationId,
          inboxId,
          contact,
          direction: next() < 0.8 ? 'inbound' : 'outbound',
          status: pick(['answered', 'answered', 'answered', 'missed', 'abandoned', 'voicemail']),
          startedAt: at(0),
          answeredAt: at(4_000),
          endedAt: at(durationMs),
          handledBy:
            next() < 0.6
              ? { kind: 'ai_agent', id: 'sona', name: 'Sona' }
              : { kind: 'user', id: `user-${Math.floor(next() * 50)}`, name: 'Agent' },
          queueId: 'queue-support',
        }),
        base('call.transcript.completed', 't', durationMs + 20_000, {
          callId,
          language: pick(['en-US', 'fr-FR', 'es-ES']),
          segments: Array.from({ length: 12 }, (_, index) => ({
            speaker: index % 2 === 0 ? 'ai_agent' : 'contact',
            text: text(160),
            offsetMs: index * 9_000,
          })),
        }),
      );
      if (next() < 0.7) {
        batch.push(
          base('call.summary.completed', 's', durationMs + 40_000, {
            callId,
            summary: text(300),
            nextSteps: next() < 0.5 ? ['Call the customer back tomorrow'] : [],
            jobs: [{ jobId: 'identify', name: 'Identification', outcome: 'completed', collected: { customerNumber: '48213' } }],
          }),
        );
      }
    } else if (roll < 0.85) {
      const inbound = next() < 0.6;
      batch.push(
        base(inbound ? 'message.received' : 'message.sent', 'm', 0, {
          messageId: key('msg'),
          conversationId,
          inboxId,
          contact,
          channel: pick(['sms', 'whatsapp', 'whatsapp', 'webchat']),
          body: text(50 + Math.floor(next() * 350)),
          author: inbound ? { kind: 'contact' } : { kind: 'user', id: 'user-1', name: 'Agent' },
        }),
      );
    } else if (roll < 0.95) {
      batch.push(
        base('voicemail.completed', 'v', 0, {
          voicemailId: key('vm'),
          inboxId,
          contact,
          recordedAt: at(0),
          durationSec: 5 + Math.floor(next() * 90),
          transcript: { language: 'fr-FR', text: text(200 + Math.floor(next() * 400)) },
        }),
      );
    } else {
      const sessionId = key('session');
      batch.push(
        base('session.routed', 'r', 0, {
          sessionId,
          conversationId,
          inboxId,
          channel: 'webchat',
          direction: 'inbound',
          queueId: 'queue-chat',
          contact,
        }),
        base('session.connected', 'k', 30_000, { sessionId, agent: { id: 'user-2', name: 'Agent Two' } }),
        base('conversation.note.added', 'n', 60_000, { conversationId, author: { id: 'user-2' }, body: 'Internal: check the contract.' }),
        base('session.ended', 'e', 300_000, { sessionId, endedBy: 'agent' }),
      );
    }
    for (const event of batch) {
      if (emitted >= count) return;
      emitted += 1;
      yield event;
    }
  }
}
