import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { EVENT_LIMITS } from '../event-limits';
import {
  IsEmailAddress,
  IsIdentifier,
  IsLanguage,
  IsName,
  IsPhone,
  IsText,
  IsTimestamp,
  NestedArray,
  NestedObject,
} from '../validation/field.decorators';
import { DIRECTIONS, type Direction, HandledBy, WorkspaceData } from './shared.data';

/** At most 12 interactions feed one generation; statements cite among them. */
const MAX_SOURCES = 12;
/** Topics, summary statements: a handful, bounded so that one event stays small. */
const MAX_STATEMENTS = 20;

export const INSIGHTS_SCOPES = ['all', 'visible'] as const;
export const INSIGHTS_CHANNELS = ['call', 'voicemail', 'sms', 'whatsapp'] as const;
export const INSIGHTS_INTERACTION_KINDS = ['call', 'voicemail', 'message'] as const;

export class InsightsContact {
  @IsOptional()
  @IsIdentifier()
  contactId?: string;

  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.listItems)
  @IsPhone({ each: true })
  phones!: string[];

  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.listItems)
  @IsEmailAddress({ each: true })
  emails!: string[];
}

export class InsightsAuthor {
  @IsIdentifier()
  userId!: string;

  @IsName()
  name!: string;
}

export class TokenUsage {
  @IsInt()
  @Min(0)
  inputTokens!: number;

  @IsInt()
  @Min(0)
  outputTokens!: number;
}

export class InsightsGeneratorData {
  @IsIn(['builtin', 'llm'])
  kind!: 'builtin' | 'llm';

  @IsOptional()
  @IsIdentifier()
  provider?: string;

  @IsOptional()
  @IsName()
  model?: string;

  @IsOptional()
  @NestedObject(() => TokenUsage)
  usage?: TokenUsage;
}

export class LastInteractionData {
  @IsIdentifier()
  interactionId!: string;

  @IsTimestamp()
  occurredAt!: string;

  @IsIn(INSIGHTS_CHANNELS)
  channel!: (typeof INSIGHTS_CHANNELS)[number];

  @IsIn(DIRECTIONS)
  direction!: Direction;

  @IsOptional()
  @NestedObject(() => HandledBy)
  handledBy?: HandledBy;
}

export class ChannelCounts {
  @IsInt()
  @Min(0)
  call!: number;

  @IsInt()
  @Min(0)
  voicemail!: number;

  @IsInt()
  @Min(0)
  sms!: number;

  @IsInt()
  @Min(0)
  whatsapp!: number;
}

export class InsightsPeriod {
  @IsTimestamp()
  from!: string;

  @IsTimestamp()
  to!: string;
}

export class InsightsFactsData {
  @NestedObject(() => LastInteractionData)
  lastInteraction!: LastInteractionData;

  @IsInt()
  @Min(1)
  interactionCount!: number;

  @NestedObject(() => ChannelCounts)
  byChannel!: ChannelCounts;

  @NestedObject(() => InsightsPeriod)
  period!: InsightsPeriod;
}

export class SourcedStatement {
  @IsText()
  text!: string;

  @IsArray()
  @ArrayMaxSize(MAX_SOURCES)
  @IsIdentifier({ each: true })
  sources!: string[];
}

export class InsightsSourceData {
  @IsIdentifier()
  interactionId!: string;

  @IsIn(INSIGHTS_INTERACTION_KINDS)
  kind!: (typeof INSIGHTS_INTERACTION_KINDS)[number];

  @IsIn(INSIGHTS_CHANNELS)
  channel!: (typeof INSIGHTS_CHANNELS)[number];

  @IsTimestamp()
  occurredAt!: string;

  @IsIdentifier()
  inboxId!: string;
}

/**
 * `contact.insights.generated`: one generation of contact insights, as answered to the agent who asked.
 * The latest per contact is the current one (a read model); earlier ones stay in the log for audit and
 * for "what did the agent see at that instant". Facts are computed; topics, summary and next step are
 * written by the generator, each citing its sources.
 */
export class ContactInsightsGeneratedData extends WorkspaceData {
  /** The contact's primary identifier when generated (`id:…`, else `tel:…`, else `mail:…`): the document key. */
  @IsIdentifier()
  contactKey!: string;

  @NestedObject(() => InsightsContact)
  contact!: InsightsContact;

  @IsIdentifier()
  conversationId!: string;

  @IsIn(INSIGHTS_SCOPES)
  scope!: (typeof INSIGHTS_SCOPES)[number];

  @IsLanguage()
  language!: string;

  @NestedObject(() => InsightsAuthor)
  generatedBy!: InsightsAuthor;

  @NestedObject(() => InsightsGeneratorData)
  generator!: InsightsGeneratorData;

  @NestedObject(() => InsightsFactsData)
  facts!: InsightsFactsData;

  @IsArray()
  @ArrayMaxSize(MAX_STATEMENTS)
  @NestedArray(() => SourcedStatement)
  topics!: SourcedStatement[];

  @IsArray()
  @ArrayMaxSize(MAX_STATEMENTS)
  @NestedArray(() => SourcedStatement)
  summary!: SourcedStatement[];

  @IsOptional()
  @NestedObject(() => SourcedStatement)
  nextStep?: SourcedStatement;

  @IsArray()
  @ArrayMaxSize(MAX_SOURCES)
  @NestedArray(() => InsightsSourceData)
  sources!: InsightsSourceData[];
}
