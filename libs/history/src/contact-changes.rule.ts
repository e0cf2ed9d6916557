import { identifiersOf } from './contact-identifier';
import type { ActivityDocument, SessionDocument } from './read-model.types';

/** A document a projection batch committed, as the projection engine reports it. */
export interface CommittedDocument {
  readonly collection: string;
  readonly key: string;
  /** Undefined when the batch deleted it. */
  readonly document: unknown;
}

/** What changed for a contact: a session (its card is recomputed from it) or an interaction. */
export type ContactChange =
  | {
      readonly kind: 'session';
      readonly workspaceId: string;
      readonly identifiers: readonly string[];
      readonly inboxId?: string;
      readonly session: SessionDocument;
    }
  | {
      readonly kind: 'interaction';
      readonly workspaceId: string;
      readonly identifiers: readonly string[];
      readonly inboxId?: string;
      readonly interactionId: string;
      readonly occurredAt?: string;
    };

/**
 * One batch's changes for live views. Past `limit` (a catch-up, a rebuild, a bulk load) the changes are
 * dropped and `overflow` names the workspaces touched: their views refetch instead of replaying thousands.
 * An overflow without workspaces concerns every view (changes may have been missed: a projector restarted).
 */
export interface ContactChanges {
  readonly changes: readonly ContactChange[];
  readonly overflow?: { readonly workspaceIds?: readonly string[] };
}

/** More changes than a live view should replay one by one. */
export const CONTACT_CHANGES_LIMIT = 1_000;

/**
 * The sessions and interactions of a contact a batch changed, each with the identifiers its own event
 * carried (a view matches them against its contact's). Other collections are not contact views; a
 * document without a contact concerns nobody's view.
 */
export function contactChanges(committed: readonly CommittedDocument[], limit = CONTACT_CHANGES_LIMIT): ContactChanges {
  const changes: ContactChange[] = [];
  const workspaces = new Set<string>();
  let count = 0;
  for (const { collection, document } of committed) {
    const change = changeOf(collection, document);
    if (!change) continue;
    workspaces.add(change.workspaceId);
    // Past the limit only the workspaces are kept.
    if (++count <= limit) changes.push(change);
  }
  return count > limit ? { changes: [], overflow: { workspaceIds: [...workspaces] } } : { changes };
}

function changeOf(collection: string, document: unknown): ContactChange | undefined {
  if (document === undefined) return undefined;
  if (collection === 'session') {
    const session = document as SessionDocument;
    const identifiers = identifiersOf(session.contact);
    if (identifiers.length === 0) return undefined;
    return { kind: 'session', workspaceId: session.workspaceId, identifiers, inboxId: session.inboxId, session };
  }
  if (collection === 'activity') {
    const activity = document as ActivityDocument;
    const identifiers = identifiersOf(activity.contact);
    if (identifiers.length === 0) return undefined;
    return {
      kind: 'interaction',
      workspaceId: activity.workspaceId,
      identifiers,
      inboxId: activity.inboxId,
      interactionId: activity.id,
      occurredAt: activity.occurredAt,
    };
  }
  return undefined;
}
