import type { Clock } from '@app/clock';
import { type ActivityDocument, type ContactChanges, type SessionCard, sessionCard } from '@app/history';
import { type ContactUpdate, contactUpdates } from '../contact-updates.rule';
import { canSeeInbox, canSeeSession } from '../insights-permissions.rule';
import { pageCandidates } from '../timeline-page.rule';
import { InsightsError, refused } from './insights.errors';
import type { InsightsReadModels } from './insights-read-models';

export interface TimelineItem {
  readonly interactionId: string;
  readonly kind: ActivityDocument['kind'];
  readonly channel?: ActivityDocument['channel'];
  readonly direction?: 'inbound' | 'outbound';
  readonly occurredAt: string;
  readonly inboxId: string;
  readonly inboxName?: string;
  readonly conversationId?: string;
  readonly status?: string;
  readonly durationSeconds?: number;
  readonly handledBy?: ActivityDocument['handledBy'];
  readonly summary?: string;
  /** A message's body, or the start of a transcript. */
  readonly excerpt?: string;
}

export interface TimelinePage {
  readonly items: readonly TimelineItem[];
  /** Pass it back as `cursor` for the next (older) page; absent on the last page. */
  readonly nextCursor?: string;
}

export const TIMELINE_MAX_LIMIT = 100;
const BEGINNING = '0000-01-01T00:00:00.000Z';

/** An opaque position in a newest-first list: the last item's time and id (equal times are ordered by id). */
const encodeCursor = (item: TimelineItem) => Buffer.from(JSON.stringify([item.occurredAt, item.interactionId])).toString('base64url');
function decodeCursor(cursor: string): { readonly at: string; readonly id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string') return { at, id };
  } catch {
    // Reported below.
  }
  throw new InsightsError('INVALID_INSIGHTS_REQUEST', 'cursor is not one this API gave');
}

const newestFirst = (left: ActivityDocument, right: ActivityDocument) =>
  (right.occurredAt ?? '').localeCompare(left.occurredAt ?? '') || left.id.localeCompare(right.id);

/** The agent desktop's views of a contact across the workspace: its interactions and its session cards, as far as the agent may see. */
export class ContactViews {
  constructor(
    private readonly readModels: InsightsReadModels,
    private readonly clock: Clock,
  ) {}

  /** What every view of a contact reads first, concurrently: the agent (configured in the workspace, else refused) and the contact. */
  private async agentAndContact(request: { readonly workspaceId: string; readonly contact: string; readonly userId: string }) {
    const [{ user }, contact] = await Promise.all([
      this.readModels.requestContext(request.workspaceId, request.userId),
      this.readModels.contact(request.workspaceId, request.contact),
    ]);
    if (!user) throw refused('USER_NOT_CONFIGURED');
    return { user, contact };
  }

  async timeline(request: {
    readonly workspaceId: string;
    readonly contact: string;
    readonly userId: string;
    readonly before?: string;
    readonly cursor?: string;
    readonly limit: number;
  }): Promise<TimelinePage> {
    const { workspaceId } = request;
    const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    const { user, contact } = await this.agentAndContact(request);
    const until = after?.at ?? request.before ?? this.clock.now().toISOString();
    const hits = (await this.readModels.activityHits(workspaceId, contact, BEGINNING, until)).filter((hit) => canSeeInbox(user, hit.scope));
    const visible = (await this.readModels.activityDocuments(pageCandidates(hits, until, request.limit)))
      .filter((activity) => activity.inboxId !== undefined && activity.occurredAt !== undefined && canSeeInbox(user, activity.inboxId))
      // `before` excludes its instant; a cursor excludes what it already gave (same time, id not after it).
      .filter((activity) =>
        after
          ? activity.occurredAt! < after.at || (activity.occurredAt === after.at && activity.id > after.id)
          : request.before === undefined || activity.occurredAt! < request.before,
      )
      .sort(newestFirst);
    const page = visible.slice(0, request.limit);
    const inboxes = await this.readModels.inboxes(workspaceId, [...new Set(page.map((activity) => activity.inboxId!))]);
    const items = page.map((activity) => timelineItem(activity, inboxes.get(activity.inboxId!)?.name));
    return { items, ...(visible.length > request.limit && items.length > 0 ? { nextCursor: encodeCursor(items[items.length - 1]) } : {}) };
  }

  /**
   * A live view of the contact for the agent: checked and resolved once, when it opens (a contact linked
   * to new identifiers afterwards is matched once the view reopens), then each batch's changes filtered
   * to the updates the agent may see.
   */
  async liveView(request: {
    readonly workspaceId: string;
    readonly contact: string;
    readonly userId: string;
  }): Promise<(changes: ContactChanges) => ContactUpdate[]> {
    const { workspaceId } = request;
    const { user, contact } = await this.agentAndContact(request);
    const viewer = { workspaceId, identifiers: contact.identifiers, user };
    return (changes) => contactUpdates(changes, viewer, this.clock.now().toISOString());
  }

  async sessions(request: {
    readonly workspaceId: string;
    readonly contact: string;
    readonly userId: string;
    readonly limit: number;
  }): Promise<SessionCard[]> {
    const { workspaceId } = request;
    const { user, contact } = await this.agentAndContact(request);
    const now = this.clock.now().toISOString();
    return (await this.readModels.sessions(workspaceId, contact, request.limit))
      .filter((session) => canSeeSession(user, session.inboxId))
      .sort((left, right) => (right.routedAt ?? '').localeCompare(left.routedAt ?? '') || left.sessionId.localeCompare(right.sessionId))
      .map((session) => sessionCard(session, now));
  }
}

function timelineItem(activity: ActivityDocument, inboxName: string | undefined): TimelineItem {
  const excerpt = activity.kind === 'message' ? activity.body : activity.transcriptExcerpt;
  return {
    interactionId: activity.id,
    kind: activity.kind,
    ...(activity.channel ? { channel: activity.channel } : {}),
    ...(activity.direction ? { direction: activity.direction } : {}),
    occurredAt: activity.occurredAt!,
    inboxId: activity.inboxId!,
    ...(inboxName ? { inboxName } : {}),
    ...(activity.conversationId ? { conversationId: activity.conversationId } : {}),
    ...(activity.status ? { status: activity.status } : {}),
    ...(activity.durationSeconds === undefined ? {} : { durationSeconds: activity.durationSeconds }),
    ...(activity.handledBy ? { handledBy: activity.handledBy } : {}),
    ...(activity.summary ? { summary: activity.summary } : {}),
    ...(excerpt ? { excerpt } : {}),
  };
}
