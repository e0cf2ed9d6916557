import type { HindsightEvent } from '@app/events';
import { identifiersOf } from '../contact-identifiers';
import type { JobView } from '../history.types';
import type { ActivityDocument } from '../read-model.types';
import { type DocumentProjection, type IndexEntry, isNotOlder } from './document-projection';

/**
 * Characters of transcript kept on the activity. Whole transcripts are not copied into the read models:
 * they are already in the event log, in the call's (or voicemail's) stream, where insights read them.
 */
export const TRANSCRIPT_EXCERPT_LENGTH = 280;

export function activityKey(workspaceId: string, kind: ActivityDocument['kind'], id: string): string {
  return `${workspaceId}/${kind}:${id}`;
}

const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

const SPEAKERS: Record<string, string> = { contact: 'Caller', user: 'Agent', ai_agent: 'AI agent' };

export function transcriptText(segments: ReadonlyArray<{ speaker: string; text: string }>): string {
  return segments.map((segment) => `${SPEAKERS[segment.speaker] ?? segment.speaker}: ${segment.text.trim()}`).join('\n');
}

export function excerpt(text: string, length = TRANSCRIPT_EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

const jobViews = (jobs: ReadonlyArray<{ jobId: string; name: string; outcome: string; collected?: Record<string, string | number | boolean> }> = []): JobView[] =>
  jobs.map((job) => ({
    jobId: job.jobId,
    name: job.name,
    outcome: job.outcome,
    collected: Object.fromEntries(Object.entries(job.collected ?? {}).map(([field, value]) => [field, String(value)])),
  }));

const empty = (workspaceId: string, kind: ActivityDocument['kind'], id: string): ActivityDocument => ({ workspaceId, kind, id });

/**
 * Calls, messages and voicemails between a contact and an inbox. Only what the caller shared or was
 * told: internal notes, comments, reactions, tags and wrap-up notes never reach this model.
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
          transcriptExcerpt: excerpt(transcriptText(event.data.segments)),
          transcribedAt: event.time,
        };
      }
      case 'call.summary.completed': {
        const current = document ?? empty(event.data.workspaceId, 'call', event.data.callId);
        if (!isNotOlder(event.time, current.summarisedAt)) return current;
        return { ...current, summary: event.data.summary, nextSteps: event.data.nextSteps, jobs: jobViews(event.data.jobs), summarisedAt: event.time };
      }
      case 'message.received':
      case 'message.sent': {
        const current = document ?? empty(event.data.workspaceId, 'message', event.data.messageId);
        if (!isNotOlder(event.time, current.placedAt)) return current;
        const message = event.data;
        return {
          ...current,
          inboxId: message.inboxId,
          conversationId: message.conversationId,
          contact: message.contact,
          direction: event.type === 'message.received' ? 'inbound' : 'outbound',
          channel: message.channel,
          occurredAt: event.time,
          body: message.body,
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
