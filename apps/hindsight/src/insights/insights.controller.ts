import type { IncomingMessage } from 'node:http';
import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AgentEndpoint, CurrentAgent, type CurrentAgentIdentity } from '@app/auth';
import { ContactViews, GenerateContactInsights, ReadContactInsights, type InsightsView, type TimelinePage } from '@app/insights';
import { GenerateInsightsBody, InsightsQuery, TimelineQuery } from './insights-request.dto';
import { InsightsResponseDto, SessionsResponseDto, TimelineResponseDto } from './insights-response.dto';
import { CONTACT_PARAM } from './contact-parameter.api';
import { jsonBody, validated } from './insights-input';

const DEFAULT_TIMELINE_LIMIT = 20;
const SESSION_CARDS = 50;

/** The agent desktop's API for one contact: insights, timeline and session cards. Thin: the use cases hold the rules. */
@ApiTags('contact insights')
@AgentEndpoint()
@Controller('v1/workspaces/:ws/contacts/:contact')
export class InsightsController {
  constructor(
    private readonly generate: GenerateContactInsights,
    private readonly read: ReadContactInsights,
    private readonly views: ContactViews,
  ) {}

  @Post('insights')
  @HttpCode(201)
  @ApiOperation({ summary: 'Generate new insights for the contact (they replace the previous ones everywhere)' })
  @ApiParam(CONTACT_PARAM)
  @ApiCreatedResponse({ type: InsightsResponseDto })
  async create(
    @Param('ws') workspaceId: string,
    @Param('contact') contact: string,
    @CurrentAgent() agent: CurrentAgentIdentity,
    @Req() request: IncomingMessage,
  ): Promise<InsightsView> {
    const body = validated(GenerateInsightsBody, await jsonBody(request));
    return this.generate.execute({
      workspaceId,
      contact,
      conversationId: body.conversationId,
      scope: body.scope ?? 'all',
      userId: agent.userId,
    });
  }

  @Get('insights')
  @ApiOperation({ summary: 'The current insights of the contact, or those current at `at`' })
  @ApiParam(CONTACT_PARAM)
  @ApiOkResponse({ type: InsightsResponseDto })
  async current(
    @Param('ws') workspaceId: string,
    @Param('contact') contact: string,
    @Query() query: Record<string, unknown>,
    @CurrentAgent() agent: CurrentAgentIdentity,
  ): Promise<InsightsView> {
    const { at } = validated(InsightsQuery, query);
    return this.read.execute({ workspaceId, contact, userId: agent.userId, ...(at ? { at: new Date(at).toISOString() } : {}) });
  }

  @Get('timeline')
  @ApiOperation({ summary: "The contact's interactions the agent may see, across the workspace's inboxes, newest first" })
  @ApiParam(CONTACT_PARAM)
  @ApiOkResponse({ type: TimelineResponseDto })
  async timeline(
    @Param('ws') workspaceId: string,
    @Param('contact') contact: string,
    @Query() query: Record<string, unknown>,
    @CurrentAgent() agent: CurrentAgentIdentity,
  ): Promise<TimelinePage> {
    const { before, cursor, limit } = validated(TimelineQuery, query);
    return this.views.timeline({
      workspaceId,
      contact,
      userId: agent.userId,
      ...(before ? { before: new Date(before).toISOString() } : {}),
      ...(cursor ? { cursor } : {}),
      limit: limit ?? DEFAULT_TIMELINE_LIMIT,
    });
  }

  @Get('sessions')
  @ApiOperation({ summary: "The contact's session cards (colour, direction, channel, duration, queue, agent, status or wrap-up code)" })
  @ApiParam(CONTACT_PARAM)
  @ApiOkResponse({ type: SessionsResponseDto })
  async sessions(
    @Param('ws') workspaceId: string,
    @Param('contact') contact: string,
    @CurrentAgent() agent: CurrentAgentIdentity,
  ): Promise<SessionsResponseDto> {
    return { sessions: await this.views.sessions({ workspaceId, contact, userId: agent.userId, limit: SESSION_CARDS }) };
  }
}
