import { InsightsGenerationError, type InsightsGenerator } from '../insights-generator.port';
import type { GeneratedContent, Generation, GenerationInput, InsightsInteraction, SourcedText } from '../insights.types';
import { LabelDates, wordingFor, type InsightsWording } from './insights-wording.lexicon';
import { hasCues, type LanguageCues } from './language-cues.lexicon';
import {
  boilerplateSentences,
  byScore,
  documentFrequency,
  pickSentences,
  rankedSentences,
  recencyWeight,
  type ScoredSentence,
  type SentenceContext,
} from './key-sentences.rule';
import { openNextStep } from './open-next-step.rule';
import { MAX_SUMMARY_CHARACTERS, quoteText } from './quote-text';
import { analyseInteractions, textAnalyserFor, type AnalysedInteraction, type AnalysedSentence } from './text-analysis';
import { topicPhrases } from './topic-phrases.rule';

/** The most summary statements: the newest two interactions always, then the most telling others. */
export const MAX_STATEMENTS = 6;
const ALWAYS_KEPT = 2;
/** Topics are read from the platform's text and each interaction's best sentences, not from small talk. */
const TOPIC_SENTENCES = 20;

/**
 * The built-in summariser: deterministic, extractive, from the input only (see `builtinInsights`).
 * What `npm start` and every machine without a model uses.
 */
export class BuiltinInsightsGenerator implements InsightsGenerator {
  async generate(input: GenerationInput, options?: { readonly signal?: AbortSignal }): Promise<Generation> {
    options?.signal?.throwIfAborted();
    return { content: builtinInsights(input), generator: { kind: 'builtin' } };
  }
}

/**
 * Topics, summary statements and the open next step of a contact's interactions (newest first):
 * - summary: one statement per interaction, newest first, at most `MAX_STATEMENTS` — a call's summary
 *   as the telephony platform wrote it, else its key sentences quoted with who said them; consecutive
 *   messages of one thread make one statement; each labelled with its channel and date;
 * - next step: `openNextStep`; topics: `topicPhrases`.
 * Every statement cites the interactions its text comes from, and only words of the insights' language
 * (`insights-wording.lexicon`) are added around quotes.
 */
export function builtinInsights(input: GenerationInput): GeneratedContent {
  if (input.interactions.length === 0) throw new InsightsGenerationError('There are no interactions to summarise.');
  const analysed = analyseInteractions(input.interactions, input.language);
  const wording = wordingFor(input.language);
  const dates = new LabelDates(labelLocale(input.language, wording), newestYear(input.interactions));
  const label = (interaction: InsightsInteraction) => wording.label(interaction, dates.format(interaction.occurredAt));
  const cues = (interaction: AnalysedInteraction): LanguageCues => textAnalyserFor(interaction.interaction.language ?? input.language).cues;
  const context: SentenceContext = { documentFrequency: documentFrequency(analysed), boilerplate: boilerplateSentences(analysed) };
  const ranked = analysed.map((interaction) => rankedSentences([interaction], context, cues));
  const languageOf = (interaction: AnalysedInteraction) => interaction.interaction.language ?? input.language;
  return {
    topics: topicPhrases(analysed, {
      sentences: (interaction) => [
        ...interaction.summarySentences,
        ...interaction.nextSteps,
        ...ranked[interaction.index].slice(0, TOPIC_SENTENCES).map((each) => each.sentence),
      ],
      phrases: (interaction, sentence) => textAnalyserFor(languageOf(interaction)).phrases(sentence.text),
      hasNounCues: (interaction) => hasCues(languageOf(interaction)),
      notAlone: new Set(analysed.flatMap((interaction) => [...textAnalyserFor(languageOf(interaction)).dateWords])),
    }),
    summary: summaryStatements(analysed, ranked, { wording, dates, label, cues, context }),
    nextStep: openNextStep(analysed, { wording, sentences: context, cues, label }),
  };
}

interface StatementContext {
  readonly wording: InsightsWording;
  readonly dates: LabelDates;
  readonly label: (interaction: InsightsInteraction) => string;
  readonly cues: (interaction: AnalysedInteraction) => LanguageCues;
  readonly context: SentenceContext;
}

interface Unit {
  readonly interactions: readonly AnalysedInteraction[];
  /** How telling it is: its best sentence's score, more when the platform summarised it, less when older. */
  readonly score: number;
  readonly statement: (alreadyQuoted: AnalysedSentence[]) => SourcedText | null;
}

function summaryStatements(
  analysed: readonly AnalysedInteraction[],
  ranked: readonly (readonly ScoredSentence[])[],
  context: StatementContext,
): SourcedText[] {
  const units = statementUnits(analysed).map((interactions) => unit(interactions, ranked, context));
  const kept = new Set(units.slice(0, ALWAYS_KEPT));
  for (const candidate of units.slice(ALWAYS_KEPT).sort((a, b) => b.score - a.score)) {
    if (kept.size >= MAX_STATEMENTS) break;
    if (candidate.score > 0) kept.add(candidate);
  }
  const alreadyQuoted: AnalysedSentence[] = [];
  const statements: SourcedText[] = [];
  for (const candidate of units.filter((each) => kept.has(each))) {
    const statement = candidate.statement(alreadyQuoted);
    if (statement) statements.push(statement);
  }
  if (statements.length === 0) {
    // Nothing quotable anywhere: still say what the newest interaction was, citing it.
    const newest = analysed[0].interaction;
    statements.push({
      text: context.wording.statement(context.label(newest), context.wording.briefExchange),
      sources: [newest.interactionId],
    });
  }
  return statements;
}

/** Interactions as statements group them: each call and voicemail alone, consecutive messages of one thread together. */
export function statementUnits(analysed: readonly AnalysedInteraction[]): AnalysedInteraction[][] {
  const units: AnalysedInteraction[][] = [];
  for (const interaction of analysed) {
    const last = units.at(-1)?.at(-1)?.interaction;
    const current = interaction.interaction;
    if (
      last &&
      current.kind === 'message' &&
      last.kind === 'message' &&
      last.channel === current.channel &&
      last.conversationId === current.conversationId
    )
      units.at(-1)!.push(interaction);
    else units.push([interaction]);
  }
  return units;
}

function unit(
  interactions: readonly AnalysedInteraction[],
  rankedByIndex: readonly (readonly ScoredSentence[])[],
  context: StatementContext,
): Unit {
  const ranked =
    interactions.length === 1
      ? rankedByIndex[interactions[0].index]
      : interactions.flatMap((interaction) => rankedByIndex[interaction.index]).sort(byScore);
  const first = interactions[0];
  const summarised = first.interaction.kind === 'call' && first.summarySentences.length > 0;
  const best = ranked[0]?.score ?? 0;
  return {
    interactions,
    score: (summarised ? 1 + best * 1.5 : best) * recencyWeight(first.index),
    statement: (alreadyQuoted) => {
      if (summarised) {
        alreadyQuoted.push(...first.summarySentences);
        const summary = quoteText(first.interaction.summary ?? '', context.cues(first), MAX_SUMMARY_CHARACTERS);
        return { text: context.wording.statement(context.label(first.interaction), summary), sources: [first.interaction.interactionId] };
      }
      return quotedStatement(
        interactions,
        pickSentences(ranked, 2, alreadyQuoted).map((each) => each.sentence),
        alreadyQuoted,
        context,
      );
    },
  };
}

function quotedStatement(
  interactions: readonly AnalysedInteraction[],
  chosen: readonly AnalysedSentence[],
  alreadyQuoted: AnalysedSentence[],
  { wording, dates, label, cues }: StatementContext,
): SourcedText | null {
  const byIndex = new Map(interactions.map((interaction) => [interaction.index, interaction]));
  const newest = interactions[0];
  if (chosen.length === 0) {
    if (newest.interaction.kind !== 'message')
      return { text: wording.statement(label(newest.interaction), wording.briefExchange), sources: [newest.interaction.interactionId] };
    // A message too short to score ("Ok merci 👍") is still what the contact wrote.
    const text = newest.sentences.map((sentence) => sentence.text).join(' ');
    if (!/[\p{L}\p{N}]/u.test(text)) return null;
    return {
      text: wording.statement(label(newest.interaction), wording.quote(quoteText(text, cues(newest)))),
      sources: [newest.interaction.interactionId],
    };
  }
  alreadyQuoted.push(...chosen);
  // Quotes in the order they were said: older interaction first, then position.
  const ordered = [...chosen].sort((a, b) => b.interaction - a.interaction || a.position - b.position);
  const quoted = [...new Set(ordered.map((sentence) => sentence.interaction))].map((index) => byIndex.get(index)!);
  const attributed = newest.interaction.kind === 'call' || new Set(ordered.map((sentence) => sentence.role)).size > 1;
  const parts = ordered.map((sentence) => {
    const quote = wording.quote(quoteText(sentence.text, cues(byIndex.get(sentence.interaction)!)));
    return attributed ? wording.statement(wording.speakers[sentence.role === 'platform' ? 'agent' : sentence.role], quote) : quote;
  });
  const heading =
    quoted.length === 1
      ? label(quoted[0].interaction)
      : wording.threadLabel(
          newest.interaction.channel === 'whatsapp' ? 'whatsapp' : 'sms',
          dates.formatRange(quoted[0].interaction.occurredAt, quoted.at(-1)!.interaction.occurredAt),
        );
  const sources = quoted.map((interaction) => interaction.interaction.interactionId).reverse();
  return { text: wording.statement(heading, parts.join(wording.separator)), sources };
}

function newestYear(interactions: readonly InsightsInteraction[]): number {
  let newest = Number.NEGATIVE_INFINITY;
  for (const { occurredAt } of interactions) {
    const time = Date.parse(occurredAt);
    if (time > newest) newest = time;
  }
  return Number.isFinite(newest) ? new Date(newest).getUTCFullYear() : 0;
}

/** Dates follow the insights' language when the wording does (fr-CA, en-GB), else the wording's own. */
function labelLocale(language: string, wording: InsightsWording): string {
  try {
    return hasCues(language) && Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0 ? language : wording.locale;
  } catch {
    return wording.locale;
  }
}
