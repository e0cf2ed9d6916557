import type { InsightsInteraction, SourcedText } from '../insights.types';
import type { InsightsWording } from './insights-wording.lexicon';
import type { LanguageCues } from './language-cues.lexicon';
import { nearDuplicate, pickSentences, rankedSentences, type SentenceContext } from './key-sentences.rule';
import { quoteText } from './quote-text';
import type { AnalysedInteraction, AnalysedSentence } from './text-analysis';

export interface NextStepContext {
  readonly wording: InsightsWording;
  readonly sentences: SentenceContext;
  readonly cues: (interaction: AnalysedInteraction) => LanguageCues;
  readonly label: (interaction: InsightsInteraction) => string;
}

/**
 * Whether an interaction newer than the one that planned a step says the step's matter is done: one
 * of its sentences (transcript, message or the platform's summary) has a completion marker ("reçu",
 * "refunded", "resuelto"), no negation and is not a question, and shares a content word with the
 * step or with the summary of the call that planned it (the matter: "Colis bien reçu" closes
 * "Confirmer la livraison" of a call summarised "Colis non livré").
 */
export function resolvedLater(matter: ReadonlySet<string>, plannedIn: number, interactions: readonly AnalysedInteraction[]): boolean {
  for (let index = 0; index < plannedIn; index++)
    for (const group of [interactions[index].sentences, interactions[index].summarySentences])
      for (const sentence of group) if (sentence.completion && sentence.keys.some((key) => matter.has(key))) return true;
  return false;
}

const matterOf = (step: AnalysedSentence, call: AnalysedInteraction): Set<string> =>
  new Set([...step.keys, ...call.summarySentences.flatMap((sentence) => sentence.keys)]);

/** Two matters are one when they share two content words ("duplicate charge"), or half the words of a short one. */
function sameMatter(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const needed = Math.max(1, Math.min(2, Math.ceil(Math.min(a.size, b.size) / 2)));
  let common = 0;
  for (const key of a) if (b.has(key) && ++common >= needed) return true;
  return false;
}

interface CandidateStep {
  readonly call: AnalysedInteraction;
  readonly step: AnalysedSentence;
  readonly planned: boolean;
  readonly matter: ReadonlySet<string>;
}

/**
 * The recommended next step: the most recent one still open. The candidates, newest call first: the
 * next steps the telephony platform wrote for a call (in its order), or, for a call it gave none,
 * the last thing an agent promised in it ("je vous rappelle jeudi", "I'll raise a refund request").
 * A candidate is closed when a later interaction resolved it (`resolvedLater`), or when a newer
 * candidate of the same matter (`sameMatter`) was closed: the matter was taken over,
 * then settled. When older calls planned the same step again (a near-duplicate), they are cited too.
 * When the newest interactions are the contact's unanswered messages or voicemail (and they do not say
 * the matter is settled), answering them is the next step if no candidate is open, or if the open one
 * is of another matter (an open step of the same matter stays the recommendation: it answers them).
 * Only the platform's and agents' words count as plans: a contact's sentence, whatever it says, never
 * becomes the recommendation (transcripts are untrusted).
 */
export function openNextStep(interactions: readonly AnalysedInteraction[], context: NextStepContext): SourcedText | null {
  const waiting = unansweredContact(interactions, context);
  const closed: ReadonlySet<string>[] = [];
  for (const candidate of candidateSteps(interactions, context)) {
    if (
      resolvedLater(candidate.matter, candidate.call.index, interactions) ||
      closed.some((matter) => sameMatter(matter, candidate.matter))
    ) {
      closed.push(candidate.matter);
      continue;
    }
    // The contact wrote since, about something else: that is what waits for an answer now.
    if (waiting && !sameMatter(waiting.matter, candidate.matter)) return waiting.reply;
    return candidate.planned ? plannedStep(candidate, interactions, context) : promisedStep(candidate, context);
  }
  return waiting?.reply ?? null;
}

function* candidateSteps(interactions: readonly AnalysedInteraction[], context: NextStepContext): Generator<CandidateStep> {
  for (const call of interactions) {
    if (call.interaction.kind !== 'call') continue;
    for (const step of call.nextSteps) yield { call, step, planned: true, matter: matterOf(step, call) };
    const promise = context.cues(call).promise;
    if (call.nextSteps.length > 0 || !promise) continue;
    // The last promise of a call is the one it ended on.
    for (let position = call.sentences.length - 1; position >= 0; position--) {
      const sentence = call.sentences[position];
      if (
        sentence.role !== 'contact' &&
        sentence.keys.length >= 2 &&
        !sentence.question &&
        !context.sentences.boilerplate.has(sentence) &&
        promise.test(sentence.text.toLowerCase())
      ) {
        yield { call, step: sentence, planned: false, matter: matterOf(sentence, call) };
        break;
      }
    }
  }
}

function plannedStep({ call, step }: CandidateStep, interactions: readonly AnalysedInteraction[], context: NextStepContext): SourcedText {
  const repeats = interactions.filter(
    (older) => older.index > call.index && older.nextSteps.some((earlier) => earlier.text === step.text || nearDuplicate(earlier, step)),
  );
  return {
    text: context.wording.plannedStep(quoteText(step.text, context.cues(call)), context.label(call.interaction)),
    sources: [call, ...repeats].map((interaction) => interaction.interaction.interactionId),
  };
}

function promisedStep({ call, step }: CandidateStep, context: NextStepContext): SourcedText {
  return {
    text: context.wording.promisedStep(context.label(call.interaction), context.wording.quote(quoteText(step.text, context.cues(call)))),
    sources: [call.interaction.interactionId],
  };
}

/** The contact's newest messages or voicemail when nothing answered them (and they do not say the matter is settled). */
function unansweredContact(
  interactions: readonly AnalysedInteraction[],
  context: NextStepContext,
): { readonly reply: SourcedText; readonly matter: ReadonlySet<string> } | null {
  const unanswered: AnalysedInteraction[] = [];
  for (const interaction of interactions) {
    if (interaction.interaction.kind === 'call' || interaction.interaction.direction !== 'inbound') break;
    unanswered.push(interaction);
  }
  // "Colis bien reçu, merci !" needs no answer.
  if (unanswered.length === 0 || unanswered[0].sentences.some((sentence) => sentence.completion)) return null;
  const [best] = pickSentences(rankedSentences(unanswered, context.sentences, context.cues), 1, []);
  if (!best) return null;
  const source = unanswered.find((interaction) => interaction.index === best.sentence.interaction)!;
  return {
    reply: {
      text: context.wording.reply(
        source.interaction,
        context.label(source.interaction),
        context.wording.quote(quoteText(best.sentence.text, context.cues(source))),
      ),
      sources: [source.interaction.interactionId],
    },
    matter: new Set(unanswered.flatMap((interaction) => [...interaction.keyCounts.keys()])),
  };
}
