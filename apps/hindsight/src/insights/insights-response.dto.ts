import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI descriptions of the answers (the shapes are `InsightsView`, `TimelinePage` and `SessionCard` of the use cases). */
class SourcedStatementDto {
  @ApiProperty() text!: string;
  @ApiProperty({ type: [String], description: 'The interactions (callId, messageId, voicemailId) this statement came from.' })
  sources!: string[];
}

class HandlerDto {
  @ApiProperty({ enum: ['user', 'ai_agent'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiPropertyOptional() name?: string;
}

class LastInteractionDto {
  @ApiProperty() interactionId!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ enum: ['call', 'voicemail', 'sms', 'whatsapp'] }) channel!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction!: string;
  @ApiPropertyOptional({ type: HandlerDto }) handledBy?: HandlerDto;
}

class ChannelCountsDto {
  @ApiProperty() call!: number;
  @ApiProperty() voicemail!: number;
  @ApiProperty() sms!: number;
  @ApiProperty() whatsapp!: number;
}

class PeriodDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
}

class FactsDto {
  @ApiProperty({ type: LastInteractionDto }) lastInteraction!: LastInteractionDto;
  @ApiProperty() interactionCount!: number;
  @ApiProperty({ type: ChannelCountsDto }) byChannel!: ChannelCountsDto;
  @ApiProperty({ type: PeriodDto }) period!: PeriodDto;
}

class UsageDto {
  @ApiProperty() inputTokens!: number;
  @ApiProperty() outputTokens!: number;
}

class GeneratorDto {
  @ApiProperty({ enum: ['builtin', 'llm'] }) kind!: string;
  @ApiPropertyOptional() provider?: string;
  @ApiPropertyOptional() model?: string;
  @ApiPropertyOptional({ type: UsageDto }) usage?: UsageDto;
}

class SourceDto {
  @ApiProperty() interactionId!: string;
  @ApiProperty({ enum: ['call', 'voicemail', 'message'] }) kind!: string;
  @ApiProperty({ enum: ['call', 'voicemail', 'sms', 'whatsapp'] }) channel!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() inboxId!: string;
}

class InsightsContactDto {
  @ApiPropertyOptional() contactId?: string;
  @ApiProperty({ type: [String] }) phones!: string[];
  @ApiProperty({ type: [String] }) emails!: string[];
}

class GeneratedByDto {
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
}

export class InsightsResponseDto {
  @ApiProperty() workspaceId!: string;
  @ApiProperty({ type: InsightsContactDto }) contact!: InsightsContactDto;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ type: GeneratedByDto }) generatedBy!: GeneratedByDto;
  @ApiProperty() conversationId!: string;
  @ApiProperty({ enum: ['all', 'visible'] }) scope!: string;
  @ApiProperty({ description: 'BCP-47', example: 'fr' }) language!: string;
  @ApiProperty({ type: GeneratorDto }) generator!: GeneratorDto;
  @ApiProperty({ type: FactsDto, description: 'Computed from the events, never generated.' }) facts!: FactsDto;
  @ApiProperty({ type: [SourcedStatementDto] }) topics!: SourcedStatementDto[];
  @ApiProperty({ type: [SourcedStatementDto] }) summary!: SourcedStatementDto[];
  @ApiProperty({ type: SourcedStatementDto, nullable: true }) nextStep!: SourcedStatementDto | null;
  @ApiProperty({ type: [SourceDto] }) sources!: SourceDto[];
  @ApiProperty({ description: 'Eligible interactions newer than the newest source exist.' }) stale!: boolean;
  @ApiProperty() newerInteractions!: number;
}

class TimelineItemDto {
  @ApiProperty() interactionId!: string;
  @ApiProperty({ enum: ['call', 'message', 'voicemail'] }) kind!: string;
  @ApiPropertyOptional() channel?: string;
  @ApiPropertyOptional({ enum: ['inbound', 'outbound'] }) direction?: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() inboxId!: string;
  @ApiPropertyOptional() inboxName?: string;
  @ApiPropertyOptional() conversationId?: string;
  @ApiPropertyOptional() status?: string;
  @ApiPropertyOptional() durationSeconds?: number;
  @ApiPropertyOptional({ type: HandlerDto }) handledBy?: HandlerDto;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ description: "A message's body, or the start of a transcript." }) excerpt?: string;
}

export class TimelineResponseDto {
  @ApiProperty({ type: [TimelineItemDto] }) items!: TimelineItemDto[];
  @ApiPropertyOptional({ description: 'Pass it back as `cursor` for the next, older page.' }) nextCursor?: string;
}

export class SessionCardDto {
  @ApiProperty() sessionId!: string;
  @ApiPropertyOptional({ description: 'When it was routed (else connected): the cards are newest first by it.' }) startedAt?: string;
  @ApiPropertyOptional() endedAt?: string;
  @ApiPropertyOptional() conversationId?: string;
  @ApiPropertyOptional() inboxId?: string;
  @ApiProperty({ enum: ['blue', 'white', 'grey'], description: 'Blue: active; white: ended before any wrap-up code; grey: wrapped up.' })
  colour!: string;
  @ApiPropertyOptional({ enum: ['inbound', 'outbound'] }) direction?: string;
  @ApiProperty({ enum: ['call', 'chat'] }) channelIcon!: string;
  @ApiPropertyOptional() durationSeconds?: number;
  @ApiPropertyOptional() queue?: string;
  @ApiPropertyOptional() agent?: string;
  @ApiProperty({ description: 'The wrap-up code once assigned, else waiting, connected, abandoned or ended.' }) status!: string;
  @ApiPropertyOptional() wrapupLabel?: string;
}

export class SessionsResponseDto {
  @ApiProperty({ type: [SessionCardDto] }) sessions!: SessionCardDto[];
}

class AgentInboxDto {
  @ApiProperty() inboxId!: string;
  @ApiPropertyOptional({ description: 'Absent when the inbox was never configured.' }) name?: string;
  @ApiPropertyOptional() phoneNumber?: string;
  @ApiPropertyOptional({ description: 'BCP-47' }) language?: string;
}

export class AgentProfileResponseDto {
  @ApiProperty() workspaceId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['agent', 'admin'] }) role!: string;
  @ApiProperty({ type: [String], example: ['ai_assist_pro'] }) licenses!: string[];
  @ApiProperty({ type: [AgentInboxDto], description: 'The inboxes configured for the user.' }) inboxes!: AgentInboxDto[];
  @ApiProperty({ description: 'An admin sees every inbox of the workspace, listed or not.' }) seesEveryInbox!: boolean;
  @ApiProperty() insightsEnabled!: boolean;
  @ApiProperty({ description: 'Whether "Generate insights" can work for this user in a conversation they can see.' })
  canGenerateInsights!: boolean;
  @ApiPropertyOptional({ enum: ['INSIGHTS_DISABLED', 'USER_NOT_CONFIGURED', 'LICENCE_REQUIRED'], description: 'Why it cannot.' })
  generationUnavailable?: string;
}
