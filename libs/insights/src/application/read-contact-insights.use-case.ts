import type { Clock } from '@app/clock';
import type { EventStore } from '@app/event-store';
import { type HindsightEvent, insightsStreamId } from '@app/events';
import type { InsightsDocument } from '@app/history';
import { canSeeInbox, mayReadInsights, readRefusal } from '../insights-permissions.rule';
import { newerInteractions } from '../insights-window.rule';
import { InsightsError, refused } from './insights.errors';
import type { InsightsReadModels, ResolvedContact } from './insights-read-models';
import { insightsView, type InsightsView, newestSourceAt } from './insights-view';

export interface ReadInsightsRequest {
  readonly workspaceId: string;
  readonly contact: string;
  readonly userId: string;
  /** The insights that were current at this instant (from the log); now when absent. */
  readonly at?: string;
}

/** Every time a contact can have activities: the read is bounded by the request's instant only. */
const BEGINNING = '0000-01-01T00:00:00.000Z';

const NO_INSIGHTS_MESSAGE = 'No insights have been generated for this contact yet. Generate them from a conversation with the contact.';

/**
 * "What are this contact's insights?" — the current ones (the latest generation), or with `at` the ones
 * that were current at that instant, read from the log ("what did the agent see then?"), with whether
 * newer eligible interactions exist. Anyone who can see a conversation of the contact may read; insights
 * generated from one agent's visible conversations only are shown to a reader who can see all their sources.
 */
export class ReadContactInsights {
  constructor(
    private readonly readModels: InsightsReadModels,
    private readonly events: EventStore,
    private readonly clock: Clock,
  ) {}

  async execute(request: ReadInsightsRequest): Promise<InsightsView> {
    const { workspaceId } = request;
    const until = request.at ?? this.clock.now().toISOString();
    const contact = await this.readModels.contact(workspaceId, request.contact);
    // Who may read is decided on the index entries (each names its inbox): no activity document is read for it.
    const [context, hits] = await Promise.all([
      this.readModels.requestContext(workspaceId, request.userId, request.at === undefined ? { contact } : {}),
      this.readModels.activityHits(workspaceId, contact, BEGINNING, until),
    ]);
    const { insightsEnabled, user } = context;
    const refusal = readRefusal({ insightsEnabled, user, contactInboxIds: [...new Set(hits.map((hit) => hit.scope))] });
    if (refusal) throw refused(refusal);
    const document = request.at === undefined ? context.currentInsights : await this.asOf(workspaceId, contact, until);
    if (
      !document ||
      !mayReadInsights(
        user!,
        document.scope,
        document.sources.map((source) => source.inboxId),
      )
    ) {
      throw new InsightsError('NO_INSIGHTS', NO_INSIGHTS_MESSAGE);
    }
    // Only what is newer than the newest source can count as newer (usually nothing: no document read).
    const newestSource = newestSourceAt(document);
    const candidates = hits.filter((hit) => hit.sortKey > newestSource && (document.scope === 'all' || canSeeInbox(user!, hit.scope)));
    const newer = await this.readModels.activityDocuments(candidates);
    return insightsView(document, newerInteractions(newer, newestSource, until));
  }

  /** The latest generation with an event time at or before `at`, under any identifier of the contact. */
  private async asOf(workspaceId: string, contact: ResolvedContact, at: string): Promise<InsightsDocument | undefined> {
    let found: InsightsDocument | undefined;
    for (const identifier of contact.identifiers) {
      for await (const stored of this.streamOf(insightsStreamId(workspaceId, identifier))) {
        const event = JSON.parse(stored.payload) as HindsightEvent;
        if (event.type !== 'contact.insights.generated' || event.time > at) continue;
        if (!found || event.time >= found.generatedAt) found = { ...event.data, generatedAt: event.time };
      }
    }
    return found;
  }

  private async *streamOf(streamId: string) {
    for (let position = 1; ;) {
      const page = await this.events.readStream(streamId, { fromPosition: position, limit: 500 });
      yield* page.events;
      if (page.endOfLog || page.events.length < 500) return;
      position = page.nextPosition;
    }
  }
}
