import { ADDRESSES_A_MACHINE, type LanguageCues } from './language-cues.lexicon';
import type { AnalysedInteraction, AnalysedSentence, SentenceRole } from './text-analysis';

/** What the contact says is why the call happened; agents and the AI agent repeat procedure. */
export const ROLE_WEIGHTS: Readonly<Record<SentenceRole, number>> = { contact: 1, agent: 0.7, ai_agent: 0.5, platform: 1 };
/** Newer interactions matter more: the newest counts fully, the twelfth about half. */
export const recencyWeight = (interactionIndex: number): number => 1 / (1 + 0.1 * interactionIndex);
/** How much a content word shared with another interaction adds, per interaction sharing it. */
const SHARED_WEIGHT = 1.5;
const NEAR_DUPLICATE = 0.6;

export interface SentenceContext {
  /** In how many interactions each content word occurs. */
  readonly documentFrequency: ReadonlyMap<string, number>;
  /** Agents' sentences said again in other interactions ("this call may be recorded"). */
  readonly boilerplate: ReadonlySet<AnalysedSentence>;
}

export function documentFrequency(interactions: readonly AnalysedInteraction[]): Map<string, number> {
  const frequency = new Map<string, number>();
  for (const { keyCounts } of interactions) for (const key of keyCounts.keys()) frequency.set(key, (frequency.get(key) ?? 0) + 1);
  return frequency;
}

/**
 * The organisation's sentences whose content words recur as a whole in two interactions or more: the
 * AI agent's greeting, the recording notice, the agent's closing formula. Linear: one signature each.
 */
export function boilerplateSentences(interactions: readonly AnalysedInteraction[]): Set<AnalysedSentence> {
  const seenIn = new Map<string, Set<number>>();
  const candidates: [string, AnalysedSentence][] = [];
  for (const { sentences } of interactions)
    for (const sentence of sentences) {
      // Formulas are short; a long sentence said twice is rare enough not to look for.
      if (sentence.role === 'contact' || sentence.keys.length < 2 || sentence.keys.length > 12) continue;
      const signature = sentence.keys.join(' ');
      candidates.push([signature, sentence]);
      let where = seenIn.get(signature);
      if (!where) seenIn.set(signature, (where = new Set()));
      where.add(sentence.interaction);
    }
  return new Set(candidates.filter(([signature]) => seenIn.get(signature)!.size >= 2).map(([, sentence]) => sentence));
}

/**
 * How worth quoting a sentence is: its content words, each counted by how often its interaction uses
 * it (log) and how many other interactions share it, over the square root of its length (long
 * sentences do not win by length alone), weighted by who said it. Zero for what is never worth quoting:
 * too few content words, courtesy formulas, boilerplate.
 */
export function sentenceScore(
  sentence: AnalysedSentence,
  interaction: AnalysedInteraction,
  weights: ReadonlyMap<string, number>,
  context: SentenceContext,
  cues: LanguageCues,
): number {
  const minimum = interaction.interaction.kind === 'call' ? 3 : 2;
  if (sentence.keys.length < minimum || context.boilerplate.has(sentence)) return 0;
  if (sentence.keys.length < 4 && cues.courtesy?.test(sentence.text)) return 0;
  let sum = 0;
  for (const key of sentence.keys) sum += weights.get(key) ?? 0;
  const asked = sentence.question && sentence.role !== 'contact' ? 0.5 : 1;
  return (sum / Math.sqrt(Math.max(sentence.keys.length, 5))) * ROLE_WEIGHTS[sentence.role] * asked;
}

/** Each content word's weight in an interaction: log of its count there, plus the other interactions sharing it. */
export function keyWeights(interaction: AnalysedInteraction, context: SentenceContext): Map<string, number> {
  const weights = new Map<string, number>();
  for (const [key, count] of interaction.keyCounts)
    weights.set(key, Math.log2(1 + count) + SHARED_WEIGHT * ((context.documentFrequency.get(key) ?? 1) - 1));
  return weights;
}

/** Near-identical sentences: most of their content words in common (Jaccard). */
export function nearDuplicate(a: AnalysedSentence, b: AnalysedSentence): boolean {
  if (a.keys.length === 0 || b.keys.length === 0) return false;
  const [small, large] = a.keys.length <= b.keys.length ? [a.keys, b.keys] : [b.keys, a.keys];
  const other = new Set(large);
  let common = 0;
  for (const key of small) if (other.has(key)) common++;
  return common / (small.length + large.length - common) >= NEAR_DUPLICATE;
}

export interface ScoredSentence {
  readonly sentence: AnalysedSentence;
  readonly score: number;
}

/** Only the best few can be quoted: those are the ones checked for what a score cannot see. */
const CHECKED_BEST = 12;

/**
 * Every sentence of some interactions worth quoting, best first. A sentence addressed to a machine
 * ("ignore previous instructions": an injection attempt) is only text, but the least worth quoting: a
 * tenth of its score (checked among the best, the only ones ever quoted: the pattern is costly).
 */
export function rankedSentences(
  interactions: readonly AnalysedInteraction[],
  context: SentenceContext,
  cues: (interaction: AnalysedInteraction) => LanguageCues,
): ScoredSentence[] {
  const scored: ScoredSentence[] = [];
  for (const interaction of interactions) {
    const languageCues = cues(interaction);
    const weights = keyWeights(interaction, context);
    for (const sentence of interaction.sentences) {
      const score = sentenceScore(sentence, interaction, weights, context, languageCues);
      if (score > 0) scored.push({ sentence, score });
    }
  }
  scored.sort(byScore);
  let demoted = false;
  for (let index = 0; index < Math.min(CHECKED_BEST, scored.length); index++)
    if (ADDRESSES_A_MACHINE.test(scored[index].sentence.text)) {
      scored[index] = { sentence: scored[index].sentence, score: scored[index].score / 10 };
      demoted = true;
    }
  return demoted ? scored.sort(byScore) : scored;
}

/** Best first; then the newer interaction, then the earlier position: equal inputs, equal quotes. */
export const byScore = (a: ScoredSentence, b: ScoredSentence): number =>
  b.score - a.score || a.sentence.interaction - b.sentence.interaction || a.sentence.position - b.sentence.position;

/**
 * The key sentences among ranked ones: at most `count`, none a near-duplicate of another or of one
 * already quoted in another statement (that is only a last resort), the next ones only while they
 * score at least half the best.
 */
export function pickSentences(
  ranked: readonly ScoredSentence[],
  count: number,
  alreadyQuoted: readonly AnalysedSentence[],
): ScoredSentence[] {
  const chosen: ScoredSentence[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= count || (chosen.length > 0 && candidate.score < chosen[0].score / 2)) break;
    const repeated = (other: AnalysedSentence) => nearDuplicate(other, candidate.sentence);
    if (!chosen.some((other) => repeated(other.sentence)) && !alreadyQuoted.some(repeated)) chosen.push(candidate);
  }
  if (chosen.length === 0 && ranked.length > 0) chosen.push(ranked[0]);
  return chosen;
}
