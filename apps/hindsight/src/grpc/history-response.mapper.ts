import {
  type ActivityChannel,
  type ActivityKind,
  emptyHistory,
  type HandledByView,
  type HistoryActivity,
  type HistoryResponse,
} from '@app/history';
import type {
  ActivityKindWire,
  ActivityWire,
  ChannelWire,
  DirectionWire,
  GetHistoryResponseWire,
  HandledByKindWire,
} from './history-wire.types';
import { toTimestamp } from './timestamp.mapper';

// Records keyed by the domain unions: adding a value to the domain fails to compile until it is mapped here.
const ACTIVITY_KINDS: Readonly<Record<ActivityKind, ActivityKindWire>> = {
  call: 'ACTIVITY_KIND_CALL',
  message: 'ACTIVITY_KIND_MESSAGE',
  voicemail: 'ACTIVITY_KIND_VOICEMAIL',
};
const DIRECTIONS: Readonly<Record<HistoryActivity['direction'], DirectionWire>> = {
  inbound: 'DIRECTION_INBOUND',
  outbound: 'DIRECTION_OUTBOUND',
};
const CHANNELS: Readonly<Record<ActivityChannel, ChannelWire>> = {
  voice: 'CHANNEL_VOICE',
  sms: 'CHANNEL_SMS',
  whatsapp: 'CHANNEL_WHATSAPP',
  webchat: 'CHANNEL_WEBCHAT',
  webmessaging: 'CHANNEL_WEBMESSAGING',
};
const HANDLER_KINDS: Readonly<Record<HandledByView['kind'], HandledByKindWire>> = {
  user: 'KIND_USER',
  ai_agent: 'KIND_AI_AGENT',
};

/** The domain answer on the wire; order (newest first) is kept as given. */
export function toGetHistoryResponse(response: HistoryResponse): GetHistoryResponseWire {
  return {
    available: response.available,
    ...(response.unavailableReason === undefined ? {} : { unavailableReason: response.unavailableReason }),
    windowStart: toTimestamp(response.windowStart),
    windowEnd: toTimestamp(response.windowEnd),
    activities: response.activities.map(toActivity),
    ...(response.lastSummary === undefined
      ? {}
      : {
          lastSummary: {
            activityId: response.lastSummary.activityId,
            summary: response.lastSummary.summary,
            occurredAt: toTimestamp(response.lastSummary.occurredAt),
          },
        }),
    openItems: response.openItems.map((item) => ({
      activityId: item.activityId,
      text: item.text,
      occurredAt: toTimestamp(item.occurredAt),
    })),
    knownFacts: response.knownFacts.map((fact) => ({
      field: fact.field,
      value: fact.value,
      activityId: fact.activityId,
      collectedAt: toTimestamp(fact.collectedAt),
    })),
  };
}

/** The fail-open answer: nothing to show, why, and the window the question was about. */
export function unavailableHistoryResponse(reason: string, at: string): GetHistoryResponseWire {
  return toGetHistoryResponse(emptyHistory(at, reason));
}

function toActivity(activity: HistoryActivity): ActivityWire {
  return {
    id: activity.id,
    // `??`: a value the types do not know (data written by a newer version) goes out as UNSPECIFIED.
    kind: ACTIVITY_KINDS[activity.kind] ?? 'ACTIVITY_KIND_UNSPECIFIED',
    direction: DIRECTIONS[activity.direction] ?? 'DIRECTION_UNSPECIFIED',
    channel: CHANNELS[activity.channel] ?? 'CHANNEL_UNSPECIFIED',
    occurredAt: toTimestamp(activity.occurredAt),
    ...(activity.durationSeconds === undefined ? {} : { durationSeconds: activity.durationSeconds }),
    ...(activity.status === undefined ? {} : { status: activity.status }),
    ...(activity.summary === undefined ? {} : { summary: activity.summary }),
    ...(activity.transcriptExcerpt === undefined ? {} : { transcriptExcerpt: activity.transcriptExcerpt }),
    ...(activity.body === undefined ? {} : { body: activity.body }),
    ...(activity.handledBy === undefined
      ? {}
      : {
          handledBy: {
            kind: HANDLER_KINDS[activity.handledBy.kind] ?? 'KIND_UNSPECIFIED',
            id: activity.handledBy.id,
            ...(activity.handledBy.name === undefined ? {} : { name: activity.handledBy.name }),
          },
        }),
    ...(activity.wrapupCode === undefined ? {} : { wrapupCode: activity.wrapupCode }),
    ...(activity.wrapupLabel === undefined ? {} : { wrapupLabel: activity.wrapupLabel }),
    nextSteps: [...activity.nextSteps],
    jobs: activity.jobs.map((job) => ({ jobId: job.jobId, name: job.name, outcome: job.outcome, collected: { ...job.collected } })),
  };
}
