import { randomUUID } from 'node:crypto';
import type { Clock } from '@app/clock';
import { type ContactInsightsGeneratedData, validateEvent } from '@app/events';
import type { InsightsDocument } from '@app/history';
import type { IngestEvents } from '@app/ingestion';
import { insightsFacts } from '../insights-facts.rule';
import { InsightsGenerationError, type InsightsGenerator } from '../insights-generator.port';
import { insightsLanguage } from '../insights-language.rule';
import { canSeeInbox, generationRefusal } from '../insights-permissions.rule';
import { hasCallWithTranscript, insightsWindow, selectInsightsInteractions } from '../insights-window.rule';
import type { InsightsInteraction } from '../insights.types';
import { provenanceErrors } from '../provenance.rule';
import { InsightsError, refused } from './insights.errors';
import type { InsightsReadModels, ResolvedContact } from './insights-read-models';
import { insightsView, type InsightsView } from './insights-view';
import type { InteractionContentReader } from './interaction-content.reader';
import { SingleFlight } from './single-flight';

export interface GenerateInsightsRequest {
  readonly workspaceId: string;
  /** A contactId or a phone number. */
  readonly contact: string;
  /** The conversation in which the agent asks. */
  readonly conversationId: string;
  readonly scope: 'all' | 'visible';
  /** The agent (from its token). */
  readonly userId: string;
}

/** When the inbox of the conversation has no configured language either. */
const DEFAULT_LANGUAGE = 'en';

export const NO_CALL_TRANSCRIPT_MESSAGE =
  'There is no call with a transcript with this contact in the last 6 months, so there is nothing to summarise yet. ' +
  'Insights need at least one transcribed call; SMS, WhatsApp messages and voicemails are used alongside it.';

/**
 * "Generate insights": checks the rules (toggle, licence, a visible conversation), selects the 12 most
 * recent eligible interactions of the last 6 months across the workspace (or those the agent may see,
 * with `scope: "visible"`), reads their full content from the log, computes the facts, asks the generator
 * for topics, statements and a next step with their sources, checks the sources, and stores the result as
 * a `contact.insights.generated` event (through the one parser and ingest use case). Concurrent requests
 * for one contact share one generation.
 */
export class GenerateContactInsights {
  private readonly flights = new SingleFlight<InsightsView>();

  constructor(
    private readonly readModels: InsightsReadModels,
    private readonly content: InteractionContentReader,
    private readonly generator: InsightsGenerator,
    private readonly ingest: IngestEvents,
    private readonly clock: Clock,
  ) {}

  async execute(request: GenerateInsightsRequest): Promise<InsightsView> {
    const { workspaceId } = request;
    const [contact, { insightsEnabled, user, conversation }] = await Promise.all([
      this.readModels.contact(workspaceId, request.contact),
      this.readModels.requestContext(workspaceId, request.userId, { conversationId: request.conversationId }),
    ]);
    const refusal = generationRefusal({ insightsEnabled, user, conversationInboxId: conversation?.inboxId });
    if (refusal) throw refused(refusal);
    // Checked above: a configured user and a conversation placed in an inbox it can see.
    const flight = `${workspaceId}\u0000${contact.contactKey}\u0000${request.scope}\u0000${request.scope === 'visible' ? user!.userId : ''}`;
    return this.flights.run(flight, () => this.generate(request, contact, { ...user!, conversationInboxId: conversation!.inboxId! }));
  }

  private async generate(
    request: GenerateInsightsRequest,
    contact: ResolvedContact,
    user: {
      readonly userId: string;
      readonly name: string;
      readonly role: 'agent' | 'admin';
      readonly licenses: readonly string[];
      readonly inboxIds: readonly string[];
      readonly conversationInboxId: string;
    },
  ): Promise<InsightsView> {
    const { workspaceId } = request;
    const now = this.clock.now().toISOString();
    const window = insightsWindow(now);
    const activities = await this.readModels.activities(
      workspaceId,
      contact,
      window.from,
      window.to,
      (inboxId) => request.scope === 'all' || canSeeInbox(user, inboxId),
    );
    const selected = selectInsightsInteractions(activities, window);
    if (!hasCallWithTranscript(selected)) throw new InsightsError('NO_CALL_TRANSCRIPT', NO_CALL_TRANSCRIPT_MESSAGE);
    const [interactions, inbox] = await Promise.all([
      this.content.interactions(selected),
      this.readModels.inbox(workspaceId, user.conversationInboxId),
    ]);
    const language = insightsLanguage(
      interactions.flatMap((interaction) => (interaction.language ? [interaction.language] : [])),
      inbox?.language ?? DEFAULT_LANGUAGE,
    );
    const generation = await this.generator.generate({ language, interactions });
    const problems = provenanceErrors(generation.content, new Set(interactions.map((interaction) => interaction.interactionId)));
    if (problems.length > 0) throw new InsightsGenerationError(`the generated insights are malformed: ${problems.slice(0, 3).join('; ')}`);
    const data: Omit<ContactInsightsGeneratedData, 'nextStep'> & { nextStep?: ContactInsightsGeneratedData['nextStep'] } = {
      workspaceId,
      contactKey: contact.contactKey,
      contact: { ...(contact.contactId ? { contactId: contact.contactId } : {}), phones: [...contact.phones], emails: [...contact.emails] },
      conversationId: request.conversationId,
      scope: request.scope,
      language,
      generatedBy: { userId: user.userId, name: user.name },
      generator: generation.generator,
      facts: insightsFacts(interactions),
      topics: generation.content.topics.map(copy),
      summary: generation.content.summary.map(copy),
      ...(generation.content.nextStep ? { nextStep: copy(generation.content.nextStep) } : {}),
      sources: interactions.map(sourceOf),
    };
    const stored = await this.store(data, now);
    return insightsView(stored, 0);
  }

  /** Through the one parser and ingest use case, as any event: what is stored is what is answered. */
  private async store(data: object, time: string): Promise<InsightsDocument> {
    const raw = {
      specversion: '1.0',
      id: `insights-${randomUUID()}`,
      source: 'urn:hindsight:insights',
      type: 'contact.insights.generated',
      time,
      datacontenttype: 'application/json',
      data,
    };
    const parsed = validateEvent(raw);
    if (!parsed.ok || parsed.event.type !== 'contact.insights.generated') {
      const reasons = parsed.ok ? 'not an insights event' : parsed.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
      throw new InsightsGenerationError(`the generated insights cannot be stored: ${reasons.slice(0, 500)}`);
    }
    const result = await this.ingest.append({ parsed: [parsed], events: [parsed.event] });
    const outcome = result.outcomes[0];
    if (outcome.status === 'rejected')
      throw new InsightsGenerationError(`the generated insights cannot be stored: ${outcome.errors[0]?.message ?? ''}`);
    return { ...parsed.event.data, generatedAt: parsed.event.time };
  }
}

const copy = (statement: { readonly text: string; readonly sources: readonly string[] }) => ({
  text: statement.text,
  sources: [...statement.sources],
});

const sourceOf = (interaction: InsightsInteraction) => ({
  interactionId: interaction.interactionId,
  kind: interaction.kind,
  channel: interaction.channel,
  occurredAt: interaction.occurredAt,
  inboxId: interaction.inboxId,
});
