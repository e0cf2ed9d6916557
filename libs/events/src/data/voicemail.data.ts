import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { EVENT_LIMITS } from '../event-limits';
import { IsIdentifier, IsLanguage, IsText, IsTimestamp, NestedObject } from '../validation/field.decorators';
import { ContactRef, WorkspaceData } from './shared.data';

export class VoicemailTranscript {
  @IsLanguage()
  language!: string;

  @IsText(EVENT_LIMITS.transcriptBytes)
  text!: string;
}

export class VoicemailCompletedData extends WorkspaceData {
  @IsIdentifier()
  voicemailId!: string;

  @IsOptional()
  @IsIdentifier()
  callId?: string;

  @IsIdentifier()
  inboxId!: string;

  @NestedObject(() => ContactRef)
  contact!: ContactRef;

  @IsTimestamp()
  recordedAt!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(24 * 3600)
  durationSec!: number;

  @IsOptional()
  @NestedObject(() => VoicemailTranscript)
  transcript?: VoicemailTranscript;
}
