import type { InsightsDocument } from '@app/history';

/** The answer of POST and GET insights: these field names are the API's contract (issue 12). */
export interface InsightsView {
  readonly workspaceId: string;
  readonly contact: { readonly contactId?: string; readonly phones: readonly string[]; readonly emails: readonly string[] };
  readonly generatedAt: string;
  readonly generatedBy: { readonly userId: string; readonly name: string };
  readonly conversationId: string;
  readonly scope: 'all' | 'visible';
  readonly language: string;
  readonly generator: InsightsDocument['generator'];
  readonly facts: InsightsDocument['facts'];
  readonly topics: InsightsDocument['topics'];
  readonly summary: InsightsDocument['summary'];
  readonly nextStep: NonNullable<InsightsDocument['nextStep']> | null;
  readonly sources: InsightsDocument['sources'];
  readonly stale: boolean;
  readonly newerInteractions: number;
}

export function insightsView(document: InsightsDocument, newerInteractions: number): InsightsView {
  return {
    workspaceId: document.workspaceId,
    contact: {
      ...(document.contact.contactId === undefined ? {} : { contactId: document.contact.contactId }),
      phones: document.contact.phones,
      emails: document.contact.emails,
    },
    generatedAt: document.generatedAt,
    generatedBy: document.generatedBy,
    conversationId: document.conversationId,
    scope: document.scope,
    language: document.language,
    generator: document.generator,
    facts: document.facts,
    topics: document.topics,
    summary: document.summary,
    nextStep: document.nextStep ?? null,
    sources: document.sources,
    stale: newerInteractions > 0,
    newerInteractions,
  };
}

/** When the newest interaction the insights were made from happened. */
export const newestSourceAt = (document: InsightsDocument): string =>
  document.sources.reduce((newest, source) => (source.occurredAt > newest ? source.occurredAt : newest), '');
