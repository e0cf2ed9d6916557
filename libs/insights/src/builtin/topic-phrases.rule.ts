import type { SourcedText } from '../insights.types';
import { recencyWeight, ROLE_WEIGHTS } from './key-sentences.rule';
import type { AnalysedInteraction, AnalysedSentence, PhraseOccurrence } from './text-analysis';

export interface TopicSources {
  /** The sentences of an interaction topics are read from: the platform's text and its key sentences. */
  readonly sentences: (interaction: AnalysedInteraction) => readonly AnalysedSentence[];
  readonly phrases: (interaction: AnalysedInteraction, sentence: AnalysedSentence) => readonly PhraseOccurrence[];
  /** Whether its language has determiners to tell nouns by. */
  readonly hasNounCues: (interaction: AnalysedInteraction) => boolean;
  /** Words that are never a topic alone (weekdays and months: "jeudi" dates a matter, it is not one). */
  readonly notAlone: ReadonlySet<string>;
}

export const MAX_TOPICS = 5;
const MAX_TOPIC_CHARACTERS = 60;

interface PhraseTally {
  readonly key: string;
  readonly words: number;
  readonly forms: Map<string, number>;
  readonly interactions: Set<number>;
  weight: number;
  occurrences: number;
  afterDeterminer: number;
  inPlatformText: boolean;
}

/**
 * Topic phrases, RAKE-like: candidate phrases are runs of at most three content words between stop
 * words and punctuation (with "de"/"of"/"del" allowed inside: "numéro de suivi"), counted over every
 * interaction. A phrase is a topic when it recurs (twice or more) or the platform's summary or next
 * steps use it, and, for a single word, when a determiner precedes it somewhere ("le colis", "the
 * invoice": the noun-phrase cue that keeps verbs and adjectives out; languages without cues skip it).
 * Score: occurrences weighted by who said them and how recently, times the interactions sharing it,
 * times its length.
 * A phrase sharing half its words with a better one is left out. Each cites where it occurs.
 */
export function topicPhrases(interactions: readonly AnalysedInteraction[], sources: TopicSources, max = MAX_TOPICS): SourcedText[] {
  const tallies = new Map<string, PhraseTally>();
  const cueless = new Set<number>();
  for (const interaction of interactions) {
    if (!sources.hasNounCues(interaction)) cueless.add(interaction.index);
    for (const sentence of sources.sentences(interaction)) {
      for (const phrase of sources.phrases(interaction, sentence)) {
        let tally = tallies.get(phrase.key);
        if (!tally) {
          tally = {
            key: phrase.key,
            words: phrase.words,
            forms: new Map(),
            interactions: new Set(),
            weight: 0,
            occurrences: 0,
            afterDeterminer: 0,
            inPlatformText: false,
          };
          tallies.set(phrase.key, tally);
        }
        tally.forms.set(phrase.surface, (tally.forms.get(phrase.surface) ?? 0) + 1);
        tally.interactions.add(interaction.index);
        tally.weight += ROLE_WEIGHTS[sentence.role] * recencyWeight(interaction.index);
        tally.occurrences++;
        if (phrase.afterDeterminer) tally.afterDeterminer++;
        if (sentence.role === 'platform') tally.inPlatformText = true;
      }
    }
  }
  const scored: [PhraseTally, number][] = [];
  for (const tally of tallies.values()) {
    if (tally.occurrences < 2 && !(tally.inPlatformText && tally.words > 1)) continue;
    const nounLike = tally.afterDeterminer > 0 || [...tally.interactions].some((index) => cueless.has(index));
    if (tally.words === 1 && (!nounLike || sources.notAlone.has(tally.key))) continue;
    const score = tally.weight * (1 + 0.5 * (tally.interactions.size - 1)) * (1 + 0.4 * (tally.words - 1)) * (nounLike ? 1.2 : 1);
    scored.push([tally, score]);
  }
  scored.sort(([a, scoreA], [b, scoreB]) => scoreB - scoreA || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const chosen: PhraseTally[] = [];
  for (const [tally] of scored) {
    if (chosen.length >= max) break;
    const keys = tally.key.split(' ');
    const overlaps = chosen.some((other) => {
      const otherKeys = new Set(other.key.split(' '));
      const common = keys.filter((key) => otherKeys.has(key)).length;
      return common > 0 && common * 2 >= Math.min(keys.length, otherKeys.size);
    });
    if (!overlaps) chosen.push(tally);
  }
  // Cited: every interaction that uses all its words (a topic is read from key sentences, but is
  // also mentioned in passing elsewhere).
  return chosen.map((tally) => {
    const keys = tally.key.split(' ');
    return {
      text: displayForm(tally.forms),
      sources: interactions
        .filter((interaction) => tally.interactions.has(interaction.index) || keys.every((key) => interaction.keyCounts.has(key)))
        .map((interaction) => interaction.interaction.interactionId),
    };
  });
}

/** The most frequent way it was written, lower case unless a form keeps capitals inside (a name, an acronym), capitalised. */
function displayForm(forms: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [form, count] of forms)
    if (count > bestCount || (count === bestCount && form < best)) {
      best = form;
      bestCount = count;
    }
  const keepsCase = /\p{Lu}/u.test(best.slice(1));
  const text = (keepsCase ? best : best.toLocaleLowerCase()).slice(0, MAX_TOPIC_CHARACTERS).trim();
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
