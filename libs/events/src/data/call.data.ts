import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Min,
} from 'class-validator';
import { EVENT_LIMITS } from '../event-limits';
import {
  Check,
  NestedArray,
  NestedObject,
  IsIdentifier,
  IsLanguage,
  IsName,
  IsScalarRecord,
  IsText,
  IsTimestamp,
  utf8Bytes,
  UTC_ISO,
} from '../validation/field.decorators';
import { ContactRef, DIRECTIONS, type Direction, HandledBy, PARTICIPANT_KINDS, type ParticipantKind, WorkspaceData } from './shared.data';

export const CALL_STATUSES = ['answered', 'missed', 'abandoned', 'voicemail'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Both timestamps are normalised to UTC ISO before validation, so they compare as strings. */
const notBefore = (later: string, earlier: string) => (call: Record<string, unknown>) => {
  const [laterTime, earlierTime] = [call[later], call[earlier]];
  const comparable = typeof laterTime === 'string' && typeof earlierTime === 'string' && UTC_ISO.test(laterTime) && UTC_ISO.test(earlierTime);
  return !comparable || laterTime >= earlierTime;
};

export class CallCompletedData extends WorkspaceData {
  @IsIdentifier()
  callId!: string;

  @IsIdentifier()
  conversationId!: string;

  @IsIdentifier()
  inboxId!: string;

  @NestedObject(() => ContactRef)
  contact!: ContactRef;

  @IsIn(DIRECTIONS)
  direction!: Direction;

  @IsIn(CALL_STATUSES)
  status!: CallStatus;

  @IsTimestamp()
  startedAt!: string;

  @IsOptional()
  @IsTimestamp()
  @Check('answeredAfterStart', 'must not be before startedAt', notBefore('answeredAt', 'startedAt'))
  answeredAt?: string;

  @IsTimestamp()
  @Check('endedAfterStart', 'must not be before startedAt', notBefore('endedAt', 'startedAt'))
  endedAt!: string;

  @IsOptional()
  @NestedObject(() => HandledBy)
  handledBy?: HandledBy;

  @IsOptional()
  @IsIdentifier()
  queueId?: string;
}

export class TranscriptSegment {
  @IsIn(PARTICIPANT_KINDS)
  speaker!: ParticipantKind;

  @IsText(EVENT_LIMITS.transcriptBytes)
  text!: string;

  @IsInt()
  @Min(0)
  offsetMs!: number;
}

const transcriptFits = (transcript: Record<string, unknown>) =>
  !Array.isArray(transcript.segments) ||
  transcript.segments.reduce(
    (total: number, segment: { text?: unknown }) => total + (typeof segment?.text === 'string' ? utf8Bytes(segment.text) : 0),
    0,
  ) <= EVENT_LIMITS.transcriptBytes;

export class CallTranscriptCompletedData extends WorkspaceData {
  @IsIdentifier()
  callId!: string;

  @IsLanguage()
  language!: string;

  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.transcriptSegments)
  @Check('transcriptSize', `must total at most ${EVENT_LIMITS.transcriptBytes} bytes of text`, transcriptFits)
  @NestedArray(() => TranscriptSegment)
  segments!: TranscriptSegment[];
}

/** Outcome of one voice agent "job" (a scripted task such as booking or identification). */
export class JobOutcome {
  @IsIdentifier()
  jobId!: string;

  @IsName()
  name!: string;

  @IsIdentifier()
  outcome!: string;

  @IsOptional()
  @IsScalarRecord()
  collected?: Record<string, string | number | boolean>;
}

export class CallSummaryCompletedData extends WorkspaceData {
  @IsIdentifier()
  callId!: string;

  @IsText()
  summary!: string;

  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.listItems)
  @IsText(EVENT_LIMITS.textBytes, { each: true })
  nextSteps!: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.listItems)
  @NestedArray(() => JobOutcome)
  jobs?: JobOutcome[];
}
