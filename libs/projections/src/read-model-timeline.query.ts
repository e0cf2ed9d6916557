import type { ActivityDocument, ConversationDocument } from '@app/history';
import { conversationKey, newestFirst } from '@app/history';
import { resolveContactIdentifiers } from './contact-identifiers.resolver';
import type { ReadModelStore } from './read-model-store.port';

export interface TimelineRequest {
  readonly workspaceId: string;
  readonly contactId?: string;
  readonly phone?: string;
  /** Inclusive range of activity times (UTC ISO). */
  readonly from: string;
  readonly to: string;
  readonly limit: number;
  /** Only these inboxes (e.g. those the requesting agent may see); all when absent. */
  readonly inboxIds?: readonly string[];
}

export interface TimelineEntry {
  readonly activity: ActivityDocument;
  readonly wrapup?: ConversationDocument['wrapup'];
}

/**
 * A contact's interactions across every inbox of the workspace, newest first: what contact insights
 * read (the 12 most recent within six months). Placed activities only; whole transcripts are read from
 * the event log by the caller.
 */
export class ReadModelTimelineQuery {
  constructor(private readonly readModels: ReadModelStore) {}

  async getTimeline(request: TimelineRequest): Promise<TimelineEntry[]> {
    const { workspaceId } = request;
    const identifiers = await resolveContactIdentifiers(this.readModels, workspaceId, request);
    const allowed = request.inboxIds ? new Set(request.inboxIds) : undefined;
    // Restricted to some inboxes, more hits may be needed to fill the page: ask for more, then cut.
    const hits = await this.readModels.find({
      index: 'activity-by-contact',
      workspaceId,
      identifiers,
      fromSortKey: request.from,
      toSortKey: request.to,
      limit: allowed ? request.limit * 10 : request.limit,
    });
    const activities = [
      ...(
        await this.readModels.documents<ActivityDocument>(
          'activity',
          hits.map((hit) => hit.key),
        )
      ).values(),
    ]
      .filter((activity) => activity.inboxId !== undefined && (!allowed || allowed.has(activity.inboxId)))
      .sort(newestFirst)
      .slice(0, request.limit);
    const conversations = await this.readModels.documents<ConversationDocument>(
      'conversation',
      activities.flatMap((activity) => (activity.conversationId ? [conversationKey(workspaceId, activity.conversationId)] : [])),
    );
    return activities.map((activity) => {
      const wrapup = activity.conversationId ? conversations.get(conversationKey(workspaceId, activity.conversationId))?.wrapup : undefined;
      return wrapup ? { activity, wrapup } : { activity };
    });
  }
}
