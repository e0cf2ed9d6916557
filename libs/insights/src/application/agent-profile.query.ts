import { type GenerationUnavailable, generationUnavailable } from '../insights-permissions.rule';
import { refused } from './insights.errors';
import type { InsightsReadModels } from './insights-read-models';

/** An inbox as the desktop names it; only the id when the inbox was never configured. */
export interface AgentInbox {
  readonly inboxId: string;
  readonly name?: string;
  readonly phoneNumber?: string;
  readonly language?: string;
}

/** Who is signed in on the agent desktop, and what they may do there. */
export interface AgentProfile {
  readonly workspaceId: string;
  readonly userId: string;
  readonly name: string;
  readonly role: 'agent' | 'admin';
  readonly licenses: readonly string[];
  /** The inboxes configured for the user; an admin sees every inbox of the workspace (`seesEveryInbox`). */
  readonly inboxes: readonly AgentInbox[];
  readonly seesEveryInbox: boolean;
  readonly insightsEnabled: boolean;
  /** Whether "Generate insights" can work for this user in a conversation they can see, and if not, why. */
  readonly canGenerateInsights: boolean;
  readonly generationUnavailable?: GenerationUnavailable;
}

/** `GET /v1/workspaces/:ws/me`: one read for the workspace and the user, one for the user's inboxes. */
export class AgentProfileQuery {
  constructor(private readonly readModels: InsightsReadModels) {}

  async execute(request: { readonly workspaceId: string; readonly userId: string }): Promise<AgentProfile> {
    const { insightsEnabled, user } = await this.readModels.requestContext(request.workspaceId, request.userId);
    if (!user) throw refused('USER_NOT_CONFIGURED');
    const inboxes = await this.readModels.inboxes(request.workspaceId, user.inboxIds);
    const unavailable = generationUnavailable({ insightsEnabled, user });
    return {
      workspaceId: request.workspaceId,
      userId: user.userId,
      name: user.name,
      role: user.role,
      licenses: user.licenses,
      inboxes: user.inboxIds.map((inboxId) => {
        const inbox = inboxes.get(inboxId);
        return inbox ? { inboxId, name: inbox.name, phoneNumber: inbox.phoneNumber, language: inbox.language } : { inboxId };
      }),
      seesEveryInbox: user.role === 'admin',
      insightsEnabled,
      canGenerateInsights: unavailable === undefined,
      ...(unavailable ? { generationUnavailable: unavailable } : {}),
    };
  }
}
