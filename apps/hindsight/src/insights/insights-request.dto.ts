import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { TIMELINE_MAX_LIMIT } from '@app/insights';

/** `POST …/insights`: the conversation in which the agent asks, and which conversations to use. */
export class GenerateInsightsBody {
  @ApiProperty({ description: 'The conversation in which the agent asks (its inbox must be visible to the agent).', example: 'conv-42' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  conversationId!: string;

  @ApiPropertyOptional({
    enum: ['all', 'visible'],
    default: 'all',
    description: '`all`: every conversation of the workspace; `visible`: only those the requesting agent may see.',
  })
  @IsOptional()
  @IsIn(['all', 'visible'])
  scope?: 'all' | 'visible';
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export class InsightsQuery {
  @ApiPropertyOptional({
    description: 'The insights that were current at this instant (RFC 3339), read from the event log.',
    example: '2026-11-20T18:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: 'at must be an RFC 3339 timestamp with a time zone, e.g. 2026-11-20T18:00:00Z' })
  at?: string;
}

export class TimelineQuery {
  @ApiPropertyOptional({ description: 'Only interactions before this instant (RFC 3339).' })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: 'before must be an RFC 3339 timestamp with a time zone, e.g. 2026-11-20T18:00:00Z' })
  before?: string;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: TIMELINE_MAX_LIMIT, default: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(TIMELINE_MAX_LIMIT)
  limit?: number;
}
