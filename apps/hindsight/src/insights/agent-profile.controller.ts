import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentEndpoint, CurrentAgent, type CurrentAgentIdentity } from '@app/auth';
import { type AgentProfile, AgentProfileQuery } from '@app/insights';
import { AgentProfileResponseDto } from './insights-response.dto';

/** Who is signed in on the agent desktop: name, licence, inboxes, and whether insights can be generated. */
@ApiTags('contact insights')
@AgentEndpoint()
@Controller('v1/workspaces/:ws')
export class AgentProfileController {
  constructor(private readonly profile: AgentProfileQuery) {}

  @Get('me')
  @ApiOperation({
    summary: 'The signed-in agent: name, role, licences, inboxes, and whether they can generate insights (403 USER_NOT_CONFIGURED)',
  })
  @ApiOkResponse({ type: AgentProfileResponseDto })
  async me(@Param('ws') workspaceId: string, @CurrentAgent() agent: CurrentAgentIdentity): Promise<AgentProfile> {
    return this.profile.execute({ workspaceId, userId: agent.userId });
  }
}
