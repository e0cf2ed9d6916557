/**
 * The `hindsight.v1` messages as @grpc/proto-loader presents them with HISTORY_LOADER_OPTIONS
 * (camelCase fields, enums by name, int64 as strings, unset fields absent).
 */

/** google.protobuf.Timestamp. `seconds` arrives as a string (int64); numbers are accepted when sending. */
export interface TimestampWire {
  readonly seconds?: string | number;
  readonly nanos?: number;
}

export interface GetHistoryRequestWire {
  readonly workspaceId?: string;
  readonly inboxId?: string;
  readonly contactId?: string;
  readonly phone?: string;
  readonly at?: TimestampWire | null;
}

export type ActivityKindWire = 'ACTIVITY_KIND_UNSPECIFIED' | 'ACTIVITY_KIND_CALL' | 'ACTIVITY_KIND_MESSAGE' | 'ACTIVITY_KIND_VOICEMAIL';
export type DirectionWire = 'DIRECTION_UNSPECIFIED' | 'DIRECTION_INBOUND' | 'DIRECTION_OUTBOUND';
export type ChannelWire =
  'CHANNEL_UNSPECIFIED' | 'CHANNEL_VOICE' | 'CHANNEL_SMS' | 'CHANNEL_WHATSAPP' | 'CHANNEL_WEBCHAT' | 'CHANNEL_WEBMESSAGING';
export type HandledByKindWire = 'KIND_UNSPECIFIED' | 'KIND_USER' | 'KIND_AI_AGENT';

export interface HandledByWire {
  readonly kind: HandledByKindWire;
  readonly id: string;
  readonly name?: string;
}

export interface JobWire {
  readonly jobId: string;
  readonly name: string;
  readonly outcome: string;
  readonly collected: Readonly<Record<string, string>>;
}

export interface ActivityWire {
  readonly id: string;
  readonly kind: ActivityKindWire;
  readonly direction: DirectionWire;
  readonly channel: ChannelWire;
  readonly occurredAt: TimestampWire;
  readonly durationSeconds?: number;
  readonly status?: string;
  readonly summary?: string;
  readonly transcriptExcerpt?: string;
  readonly body?: string;
  readonly handledBy?: HandledByWire;
  readonly wrapupCode?: string;
  readonly wrapupLabel?: string;
  readonly nextSteps: readonly string[];
  readonly jobs: readonly JobWire[];
}

export interface LastSummaryWire {
  readonly activityId: string;
  readonly summary: string;
  readonly occurredAt: TimestampWire;
}

export interface OpenItemWire {
  readonly activityId: string;
  readonly text: string;
  readonly occurredAt: TimestampWire;
}

export interface KnownFactWire {
  readonly field: string;
  readonly value: string;
  readonly activityId: string;
  readonly collectedAt: TimestampWire;
}

export interface GetHistoryResponseWire {
  readonly available: boolean;
  readonly unavailableReason?: string;
  readonly windowStart: TimestampWire;
  readonly windowEnd: TimestampWire;
  readonly activities: readonly ActivityWire[];
  readonly lastSummary?: LastSummaryWire;
  readonly openItems: readonly OpenItemWire[];
  readonly knownFacts: readonly KnownFactWire[];
}
