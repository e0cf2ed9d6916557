import { activityProjection } from './activity.projection';
import { inboxProjection, userProjection, workspaceProjection } from './configuration.projection';
import { contactProjection } from './contact.projection';
import { conversationProjection } from './conversation.projection';
import type { DocumentProjection } from './document-projection';
import { insightsProjection } from './insights.projection';
import { sessionProjection } from './session.projection';

export * from './activity.projection';
export * from './configuration.projection';
export * from './contact.projection';
export * from './conversation.projection';
export * from './document-key';
export * from './document-projection';
export * from './insights.projection';
export * from './session.projection';

/** Every read model Hindsight maintains, applied together by the projection engine. */
export const HINDSIGHT_PROJECTIONS: ReadonlyArray<DocumentProjection<unknown>> = [
  activityProjection,
  conversationProjection,
  sessionProjection,
  contactProjection,
  inboxProjection,
  workspaceProjection,
  userProjection,
  insightsProjection,
] as ReadonlyArray<DocumentProjection<unknown>>;
export * from './fold-events';
