import { type ContactChanges, type SessionCard, sessionCard } from '@app/history';
import { canSeeInbox, canSeeSession, type InsightsUser } from './insights-permissions.rule';

/** What a contact's live view is told: a session card to put in place, an interaction to refetch around, or to refetch everything. */
export type ContactUpdate =
  | { readonly type: 'session'; readonly card: SessionCard }
  | { readonly type: 'interaction'; readonly interactionId: string; readonly inboxId: string; readonly occurredAt?: string }
  | { readonly type: 'reset' };

/** Who watches which contact: the contact's identifiers when the view opened, and the agent's rights. */
export interface ContactViewer {
  readonly workspaceId: string;
  readonly identifiers: readonly string[];
  readonly user: InsightsUser;
}

/**
 * The updates of one batch a viewer may see: changes of its workspace whose identifiers meet its
 * contact's, in inboxes the agent may see (the same rules as the views they update). A batch too large to
 * replay (`overflow`) that touched the viewer's workspace, or every workspace, is one `reset`.
 */
export function contactUpdates(batch: ContactChanges, viewer: ContactViewer, now: string): ContactUpdate[] {
  const { overflow } = batch;
  if (overflow) return !overflow.workspaceIds || overflow.workspaceIds.includes(viewer.workspaceId) ? [{ type: 'reset' }] : [];
  const identifiers = new Set(viewer.identifiers);
  const updates: ContactUpdate[] = [];
  for (const change of batch.changes) {
    if (change.workspaceId !== viewer.workspaceId || !change.identifiers.some((identifier) => identifiers.has(identifier))) continue;
    if (change.kind === 'session') {
      if (canSeeSession(viewer.user, change.inboxId)) updates.push({ type: 'session', card: sessionCard(change.session, now) });
    } else if (change.inboxId !== undefined && canSeeInbox(viewer.user, change.inboxId)) {
      // An interaction not yet placed in an inbox is in no view yet.
      updates.push({
        type: 'interaction',
        interactionId: change.interactionId,
        inboxId: change.inboxId,
        ...(change.occurredAt ? { occurredAt: change.occurredAt } : {}),
      });
    }
  }
  return updates;
}
