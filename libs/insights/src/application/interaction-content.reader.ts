import type { EventStore, StoredEvent } from '@app/event-store';
import { callStreamId, type HindsightEvent, isSharedWithContact, voicemailStreamId, withoutInternalFields } from '@app/events';
import type { ActivityDocument } from '@app/history';
import type { InsightsChannel, InsightsInteraction, TranscriptLine } from '../insights.types';

/** A call's stream holds a handful of events (completion, transcripts, summaries): one page reads it. */
const STREAM_PAGE = 100;

/**
 * The interactions as a generator reads them: the placement from the read model, the full transcript
 * and the platform's summary from the event log (read models keep excerpts only). Only shared events,
 * without their internal fields, reach a generator.
 */
export class InteractionContentReader {
  constructor(private readonly events: EventStore) {}

  async interactions(activities: readonly ActivityDocument[]): Promise<InsightsInteraction[]> {
    return Promise.all(activities.map((activity) => this.interaction(activity)));
  }

  private async interaction(activity: ActivityDocument): Promise<InsightsInteraction> {
    const base = {
      interactionId: activity.id,
      kind: activity.kind,
      channel: channelOf(activity),
      direction: activity.direction ?? 'inbound',
      occurredAt: activity.occurredAt!,
      inboxId: activity.inboxId!,
      conversationId: activity.conversationId ?? '',
      ...(activity.handledBy ? { handledBy: activity.handledBy } : {}),
    };
    switch (activity.kind) {
      case 'message':
        return { ...base, ...(activity.body === undefined ? {} : { body: activity.body }) };
      case 'voicemail': {
        const events = await this.stream(voicemailStreamId(activity.workspaceId, activity.id));
        const voicemail = newest(events, 'voicemail.completed');
        const transcript = voicemail?.type === 'voicemail.completed' ? voicemail.data.transcript : undefined;
        return transcript
          ? { ...base, language: transcript.language, transcript: [{ speaker: 'contact', text: transcript.text }] }
          : { ...base, ...(activity.transcriptLanguage ? { language: activity.transcriptLanguage } : {}) };
      }
      case 'call': {
        const events = await this.stream(callStreamId(activity.workspaceId, activity.id));
        const transcript = newest(events, 'call.transcript.completed');
        const summary = newest(events, 'call.summary.completed');
        return {
          ...base,
          ...(transcript?.type === 'call.transcript.completed'
            ? {
                language: transcript.data.language,
                transcript: [...transcript.data.segments]
                  .sort((left, right) => left.offsetMs - right.offsetMs)
                  .map((segment): TranscriptLine => ({ speaker: segment.speaker, text: segment.text })),
              }
            : {}),
          ...(summary?.type === 'call.summary.completed' ? { summary: summary.data.summary, nextSteps: summary.data.nextSteps } : {}),
        };
      }
    }
  }

  private async stream(streamId: string): Promise<HindsightEvent[]> {
    const events: StoredEvent[] = [];
    for (let position = 1; ;) {
      const page = await this.events.readStream(streamId, { fromPosition: position, limit: STREAM_PAGE });
      events.push(...page.events);
      if (page.endOfLog || page.events.length < STREAM_PAGE) break;
      position = page.nextPosition;
    }
    return events
      .map((stored) => JSON.parse(stored.payload) as HindsightEvent)
      .filter(isSharedWithContact)
      .map(withoutInternalFields);
  }
}

/** The newest event of a type by event time (a re-sent transcript or a corrected summary wins); ties: the later logged. */
function newest(events: readonly HindsightEvent[], type: HindsightEvent['type']): HindsightEvent | undefined {
  let found: HindsightEvent | undefined;
  for (const event of events) if (event.type === type && (!found || event.time >= found.time)) found = event;
  return found;
}

function channelOf(activity: ActivityDocument): InsightsChannel {
  if (activity.kind === 'call') return 'call';
  if (activity.kind === 'voicemail') return 'voicemail';
  return activity.channel === 'whatsapp' ? 'whatsapp' : 'sms';
}
