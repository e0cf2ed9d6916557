import type { HindsightEvent } from '@app/events';
import { identifiersOf } from '../contact-identifier';
import type { HandledByView, JobView } from '../history.types';
import type { ActivityDocument } from '../read-model.types';
import { activityKey } from './document-key';
import { type DocumentProjection, type IndexEntry, isNotOlder } from './document-projection';

/**
 * Characters of transcript kept on the activity. Whole transcripts are not copied into the read models:
 * they are already in the event log, in the call's (or voicemail's) stream, where insights read them.
 */
const TRANSCRIPT_EXCERPT_LENGTH = 280;

const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

const SPEAKERS: Record<string, string> = { contact: 'Caller', user: 'Agent', ai_agent: 'AI agent' };

const line = (segment: { speaker: string; text: string }) => `${SPEAKERS[segment.speaker] ?? segment.speaker}: ${segment.text.trim()}`;

export function transcriptText(segments: ReadonlyArray<{ speaker: string; text: string }>): string {
  return segments.map(line).join('\n');
}

const flatten = (text: string) => text.replace(/\s+/g, ' ').trim();
const truncate = (flat: string, length: number) => (flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`);

/**
 * Raw characters looked at before the whole text: an excerpt only needs the beginning, and flattening
 * a whole transcript was a tenth of the projection's time. The flattened head of a text is a prefix of
 * its flattened whole, so once it is longer than the excerpt the result is the same.
 */
const headFor = (length: number) => length * 4;

/**
 * `head` is the beginning of a text, cut short when `cut`. Its flattened form, once longer than the
 * excerpt, gives the excerpt; otherwise (a head of mostly whitespace) the whole text is flattened.
 */
function excerptFrom(head: string, cut: boolean, whole: () => string, length: number): string {
  const flat = flatten(head);
  if (!cut || flat.length > length + 1) return truncate(flat, length);
  return truncate(flatten(whole()), length);
}

/** The text's whitespace flattened, cut to `length` characters with an ellipsis. */
export function excerpt(text: string, length = TRANSCRIPT_EXCERPT_LENGTH): string {
  return excerptFrom(text.slice(0, headFor(length)), text.length > headFor(length), () => text, length);
}

/** `excerpt(transcriptText(segments))`, building only the lines the excerpt needs. */
export function transcriptExcerpt(segments: ReadonlyArray<{ speaker: string; text: string }>, length = TRANSCRIPT_EXCERPT_LENGTH): string {
  const lines: string[] = [];
  let size = 0;
  for (const segment of segments) {
    if (size > headFor(length)) break;
    lines.push(line(segment));
    size += lines[lines.length - 1].length + 1;
  }
  return excerptFrom(lines.join('\n'), lines.length < segments.length, () => transcriptText(segments), length);
}

const jobViews = (
  jobs: ReadonlyArray<{ jobId: string; name: string; outcome: string; collected?: Record<string, string | number | boolean> }> = [],
): JobView[] =>
  jobs.map((job) => ({
    jobId: job.jobId,
    name: job.name,
    outcome: job.outcome,
    collected: Object.fromEntries(Object.entries(job.collected ?? {}).map(([field, value]) => [field, String(value)])),
  }));

const empty = (workspaceId: string, kind: ActivityDocument['kind'], id: string): ActivityDocument => ({ workspaceId, kind, id });

/**
 * Calls, messages and voicemails between a contact and an inbox. Only what the caller shared or was
 * told: internal events and fields never reach this model (`foldEvents` applies `EVENT_PRIVACY`).
 */
export const activityProjection: DocumentProjection<ActivityDocument> = {
  collection: 'activity',

  keyOf(event: HindsightEvent) {
    const workspace = event.data.workspaceId;
    switch (event.type) {
      case 'call.completed':
      case 'call.transcript.completed':
      case 'call.summary.completed':
        return activityKey(workspace, 'call', event.data.callId);
      case 'message.received':
      case 'message.sent':
        return activityKey(workspace, 'message', event.data.messageId);
      case 'voicemail.completed':
        return activityKey(workspace, 'voicemail', event.data.voicemailId);
      default:
        return undefined;
    }
  },

  apply(document, event) {
    switch (event.type) {
      case 'call.completed': {
        const current = document ?? empty(event.data.workspaceId, 'call', event.data.callId);
        if (!isNotOlder(event.time, current.placedAt)) return current;
        const call = event.data;
        return {
          ...current,
          inboxId: call.inboxId,
          conversationId: call.conversationId,
          contact: call.contact,
          direction: call.direction,
          channel: 'voice',
          occurredAt: call.startedAt,
          durationSeconds: seconds(call.startedAt, call.endedAt),
          status: call.status,
          handledBy: call.handledBy,
          placedAt: event.time,
        };
      }
      case 'call.transcript.completed': {
        const current = document ?? empty(event.data.workspaceId, 'call', event.data.callId);
        if (!isNotOlder(event.time, current.transcribedAt)) return current;
        return {
          ...current,
          transcriptLanguage: event.data.language,
          transcriptExcerpt: transcriptExcerpt(event.data.segments),
          transcribedAt: event.time,
        };
      }
      case 'call.summary.completed': {
        const current = document ?? empty(event.data.workspaceId, 'call', event.data.callId);
        if (!isNotOlder(event.time, current.summarisedAt)) return current;
        return {
          ...current,
          summary: event.data.summary,
          nextSteps: event.data.nextSteps,
          jobs: jobViews(event.data.jobs),
          summarisedAt: event.time,
        };
      }
      case 'message.received':
      case 'message.sent': {
        const current = document ?? empty(event.data.workspaceId, 'message', event.data.messageId);
        if (!isNotOlder(event.time, current.placedAt)) return current;
        const message = event.data;
        const handler = event.type === 'message.sent' ? messageHandler(message.author) : undefined;
        // The newest placement says who handled it, alone: keeping an older handler would depend on arrival order.
        const { handledBy: _older, ...placed } = current;
        return {
          ...placed,
          inboxId: message.inboxId,
          conversationId: message.conversationId,
          contact: message.contact,
          direction: event.type === 'message.received' ? 'inbound' : 'outbound',
          channel: message.channel,
          occurredAt: event.time,
          body: message.body,
          // Who answered the caller: the author of a sent message, when it is a user or an AI agent.
          ...(handler ? { handledBy: handler } : {}),
          placedAt: event.time,
        };
      }
      case 'voicemail.completed': {
        const current = document ?? empty(event.data.workspaceId, 'voicemail', event.data.voicemailId);
        if (!isNotOlder(event.time, current.placedAt)) return current;
        const voicemail = event.data;
        return {
          ...current,
          inboxId: voicemail.inboxId,
          contact: voicemail.contact,
          direction: 'inbound',
          channel: 'voice',
          occurredAt: voicemail.recordedAt,
          durationSeconds: Math.round(voicemail.durationSec),
          transcriptLanguage: voicemail.transcript?.language,
          transcriptExcerpt: voicemail.transcript ? excerpt(voicemail.transcript.text) : undefined,
          placedAt: event.time,
        };
      }
      default:
        return document;
    }
  },

  indexEntries(document): IndexEntry[] {
    const { inboxId, occurredAt } = document;
    if (!inboxId || !occurredAt) return [];
    return identifiersOf(document.contact).map((identifier) => ({
      index: 'activity-by-contact',
      workspaceId: document.workspaceId,
      identifier,
      scope: inboxId,
      sortKey: occurredAt,
    }));
  },
};

function messageHandler(author: { kind?: string; id?: string; name?: string } | undefined): HandledByView | undefined {
  if (!author?.id || (author.kind !== 'user' && author.kind !== 'ai_agent')) return undefined;
  return { kind: author.kind, id: author.id, ...(author.name === undefined ? {} : { name: author.name }) };
}
