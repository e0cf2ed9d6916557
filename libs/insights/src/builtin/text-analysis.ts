import type { InsightsInteraction } from '../insights.types';
import { cuesFor, type LanguageCues } from './language-cues.lexicon';
import { stopWordsFor } from './stop-words.lexicon';

/** Who wrote or said a sentence: the platform's own summary counts as a fourth voice. */
export type SentenceRole = 'contact' | 'agent' | 'ai_agent' | 'platform';

/** A candidate topic phrase where it occurs: content words, with the links allowed between them. */
export interface PhraseOccurrence {
  /** Normalised content words joined by spaces: what occurrences are counted by. */
  readonly key: string;
  readonly surface: string;
  readonly words: number;
  /** A determiner precedes it: the best cue of a noun phrase without a part-of-speech tagger. */
  readonly afterDeterminer: boolean;
}

export interface AnalysedSentence {
  /** Index of its interaction in the input (0 is the newest). */
  readonly interaction: number;
  readonly role: SentenceRole;
  readonly text: string;
  /** Order within its interaction. */
  readonly position: number;
  /** Distinct content words (stop words and fillers dropped), normalised. */
  readonly keys: readonly string[];
  /** It says something was done: a completion marker, no negation, not a question. */
  readonly completion: boolean;
  readonly question: boolean;
}

export interface AnalysedInteraction {
  readonly interaction: InsightsInteraction;
  readonly index: number;
  /** Transcript or message sentences, in order. */
  readonly sentences: readonly AnalysedSentence[];
  /** The platform's summary of a call, as sentences. */
  readonly summarySentences: readonly AnalysedSentence[];
  readonly nextSteps: readonly AnalysedSentence[];
  /** How often each content word occurs in the interaction (sentences, summary, next steps). */
  readonly keyCounts: ReadonlyMap<string, number>;
}

/**
 * What is read at most (generation time is proportional to it): 200,000 characters over all the
 * interactions (twelve 30-minute calls are about 400,000), shared by `analysisShares`; a long call keeps
 * its start (the reason for the call) and its end (the outcome, the promises).
 */
export const ANALYSIS_LIMITS = {
  charactersPerGeneration: 200_000,
  charactersPerInteraction: 60_000,
  charactersPerLine: 8_000,
  charactersPerSummary: 4_000,
  nextStepsPerCall: 10,
} as const;

interface TokenClass {
  readonly key: string;
  readonly kind: 'content' | 'stop' | 'number';
  readonly determiner: boolean;
  readonly link: boolean;
  readonly linkArticle: boolean;
  readonly negation: boolean;
  readonly completion: boolean;
}

const WORD = /[\p{L}\p{N}\p{M}]+(?:['’\-.][\p{L}\p{N}\p{M}]+)*|[,;:()[\]{}«»"“”„!?¡¿…/|–—]/gu;
const WORDS_ONLY = /[\p{L}\p{N}\p{M}]+(?:['’\-.][\p{L}\p{N}\p{M}]+)*/gu;
const NO_SPACE_SCRIPTS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
// French questions and imperatives hyphenate the verb and its pronoun ("avez-vous", "dites-moi"): a verb, not a topic.
const INVERTED_PRONOUN = /-(?:je|tu|il|elle|on|nous|vous|ils|elles|ce|moi|toi|ci|là)$/;
const LATIN_START = /^[\p{Script=Latin}]/u;
const DIGITS = /^\p{N}+$/u;
const HAS_LETTER = /\p{L}/u;
const LATIN_MARKS = /[\u0300-\u036f]/g;
// Elided articles and pronouns of French and Italian: "l'adresse" is two words.
const ELISIONS = new Set([
  'l',
  'd',
  'n',
  'j',
  'm',
  't',
  's',
  'c',
  'qu',
  'jusqu',
  'lorsqu',
  'puisqu',
  'quoiqu',
  'dell',
  'all',
  'nell',
  'sull',
  'dall',
  'un',
]);
// A terminator before the end of a line: only such lines need the sentence segmenter.
const INNER_TERMINATOR = /[.!?…。！？\n]./su;
const CLOSING = new Set([' ', '\t', '\n', '"', '”', '»', ')', '’', "'"]);

/** Whether a sentence ends with a question mark (before closing quotes and spaces). */
function endsWithQuestionMark(text: string): boolean {
  for (let index = text.length - 1; index >= 0; index--) {
    const character = text[index];
    if (character === '?' || character === '？') return true;
    if (!CLOSING.has(character)) return false;
  }
  return false;
}

/**
 * The matching key of a word: lower case, Latin accents dropped, a plural `s` dropped ("Livraisons"
 * and "livraison", "reçus" and "reçu" are one word; "colis", "bus" and "address" stay).
 */
export function wordKey(lowerWord: string): string {
  const plain = lowerWord.normalize('NFD').replace(LATIN_MARKS, '').normalize('NFC');
  const plural = plain.length >= 4 && plain.endsWith('s') && !/[si]s$/.test(plain) && !(plain.length < 5 && plain.endsWith('us'));
  return plural && LATIN_START.test(plain) ? plain.slice(0, -1) : plain;
}

/**
 * Everything language-dependent the analysis needs, built once per language tag and reused: the
 * segmenters, the stop words, the cue sets, and a cache of classified words (conversations repeat
 * their words, and classifying is most of the cost).
 */
export class TextAnalyser {
  readonly cues: LanguageCues;
  /** Names of weekdays and months, as keys: they date things, they are not what things are about. */
  readonly dateWords: ReadonlySet<string>;
  private readonly sentenceSegmenter: Intl.Segmenter;
  private readonly wordSegmenter: Intl.Segmenter;
  private readonly stopWords: ReadonlySet<string>;
  private readonly sets: {
    readonly [K in 'determiner' | 'link' | 'linkArticle' | 'negation' | 'completion' | 'filler']: ReadonlySet<string>;
  };
  private readonly classes = new Map<string, readonly TokenClass[]>();

  constructor(readonly language: string) {
    this.cues = cuesFor(language);
    const locale = supportedLocale(language);
    this.sentenceSegmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    this.wordSegmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    this.stopWords = stopWordsFor(language);
    this.dateWords = dateWordsOf(locale);
    const keys = (words: readonly string[]) => new Set(words.map((word) => wordKey(word)));
    this.sets = {
      determiner: keys(this.cues.determiners),
      link: keys(this.cues.links),
      linkArticle: keys(this.cues.linkArticles),
      negation: keys(this.cues.negations),
      completion: keys(this.cues.completions),
      filler: keys(this.cues.fillers),
    };
  }

  /** The sentences of a text, by `Intl.Segmenter` in this language (a line without an inner terminator is one sentence). */
  sentences(text: string): string[] {
    const trimmed = text.trim();
    if (trimmed === '') return [];
    if (!INNER_TERMINATOR.test(trimmed)) return [trimmed];
    const sentences: string[] = [];
    for (const { segment } of this.sentenceSegmenter.segment(trimmed)) {
      const sentence = segment.trim();
      if (sentence !== '') sentences.push(sentence);
    }
    return sentences;
  }

  /** One sentence's content words and markers (its phrases are read on demand: `phrases`). The hot path: no callbacks. */
  analyse(text: string, interaction: number, role: SentenceRole, position: number): AnalysedSentence {
    const keys: string[] = [];
    let negated = false;
    let completed = false;
    const words = NO_SPACE_SCRIPTS.test(text) ? this.segmentedWords(text) : (text.match(WORDS_ONLY) ?? []);
    for (const word of words)
      for (const token of this.classify(word)) {
        if (token.negation) negated = true;
        if (token.completion) completed = true;
        // Sentences hold a handful of words: a linear check allocates less than a set.
        if ((token.kind === 'content' || (token.kind === 'number' && token.key.length >= 4)) && !keys.includes(token.key))
          keys.push(token.key);
      }
    const question = endsWithQuestionMark(text);
    return { interaction, role, text, position, keys, completion: completed && !negated && !question, question };
  }

  private segmentedWords(text: string): string[] {
    const words: string[] = [];
    for (const { segment, isWordLike } of this.wordSegmenter.segment(text)) if (isWordLike) words.push(segment);
    return words;
  }

  /**
   * A sentence's candidate topic phrases: runs of at most three content words between stop words and
   * punctuation, with one link ("de", "of", optionally followed by "la", "the") allowed between two.
   */
  phrases(text: string): PhraseOccurrence[] {
    const phrases: PhraseOccurrence[] = [];
    let phraseKeys: string[] = [];
    let start = 0;
    let end = 0;
    let pendingLinks = 0;
    let afterDeterminer = false;
    let previousDeterminer = false;
    const close = () => {
      if (phraseKeys.length > 0)
        // As written between its first and last word (links included), spaces collapsed.
        phrases.push({
          key: phraseKeys.join(' '),
          surface: text.slice(start, end).replace(/\s+/gu, ' '),
          words: phraseKeys.length,
          afterDeterminer,
        });
      phraseKeys = [];
      pendingLinks = 0;
    };
    this.tokens(text, (surface, token, at) => {
      if (token === null) close();
      else if (token.kind === 'content') {
        if (phraseKeys.length >= 3) close();
        if (phraseKeys.length === 0) {
          afterDeterminer = previousDeterminer;
          start = at;
        }
        end = at + surface.length;
        phraseKeys.push(token.key);
        pendingLinks = 0;
      } else if (
        phraseKeys.length > 0 &&
        token.kind === 'stop' &&
        (token.link ? pendingLinks === 0 : token.linkArticle && pendingLinks === 1)
      )
        pendingLinks++;
      else close();
      previousDeterminer = token !== null && token.determiner;
    });
    close();
    return phrases;
  }

  /** Calls `visit` with each word, its class (or `null` for punctuation that breaks a phrase) and where it starts. */
  private tokens(text: string, visit: (surface: string, token: TokenClass | null, at: number) => void): void {
    if (NO_SPACE_SCRIPTS.test(text)) {
      for (const { segment, index, isWordLike } of this.wordSegmenter.segment(text)) {
        if (isWordLike) visit(segment, this.classify(segment)[0] ?? null, index);
        else if (segment.trim() !== '') visit(segment, null, index);
      }
      return;
    }
    let cursor = 0;
    for (const surface of text.match(WORD) ?? []) {
      const at = text.indexOf(surface, cursor);
      cursor = at + surface.length;
      const classes = this.classify(surface);
      if (classes.length === 1) visit(surface, classes[0], at);
      else if (classes.length === 0) visit(surface, null, at);
      else {
        const apostrophe = surface.search(/['’]/);
        visit(surface.slice(0, apostrophe + 1), classes[0], at);
        visit(surface.slice(apostrophe + 1), classes[1], at + apostrophe + 1);
      }
    }
  }

  /** A word's class (two for an elision: "l'adresse"), none for punctuation; cached per surface form. */
  private classify(surface: string): readonly TokenClass[] {
    let classes = this.classes.get(surface);
    if (classes) return classes;
    const lower = surface.toLowerCase().replace(/’/g, "'");
    const apostrophe = lower.indexOf("'");
    if (surface.length === 1 && !HAS_LETTER.test(surface) && !DIGITS.test(surface)) classes = [];
    else if (apostrophe > 0 && apostrophe < lower.length - 1 && !this.stopWords.has(lower) && ELISIONS.has(lower.slice(0, apostrophe)))
      classes = [this.classOf(lower.slice(0, apostrophe)), this.classOf(lower.slice(apostrophe + 1))];
    else classes = [this.classOf(lower)];
    // Bounded: a pathological transcript of unique words must not grow it forever.
    if (this.classes.size >= 100_000) this.classes.clear();
    this.classes.set(surface, classes);
    return classes;
  }

  private classOf(lower: string): TokenClass {
    const key = wordKey(lower);
    const { determiner, link, linkArticle, negation, completion, filler } = this.sets;
    const length = [...key].length;
    const stop =
      this.stopWords.has(lower) ||
      filler.has(key) ||
      (INVERTED_PRONOUN.test(lower) && !this.cues.keep.includes(lower)) ||
      !HAS_LETTER.test(key) ||
      length < (LATIN_START.test(key) ? 3 : 2);
    return {
      key,
      kind: DIGITS.test(key) ? 'number' : stop ? 'stop' : 'content',
      determiner: determiner.has(key),
      link: link.has(key),
      linkArticle: linkArticle.has(key),
      negation: negation.has(key) || (lower.endsWith("n't") && this.cues.negations.length > 0),
      completion: completion.has(key),
    };
  }
}

function dateWordsOf(locale: string): Set<string> {
  const words = new Set<string>();
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  for (let day = 0; day < 7; day++) words.add(wordKey(weekday.format(Date.UTC(2026, 0, 5 + day)).toLowerCase()));
  for (let index = 0; index < 12; index++) words.add(wordKey(month.format(Date.UTC(2026, index, 15)).toLowerCase()));
  return words;
}

const analysers = new Map<string, TextAnalyser>();

/** The analyser of a language tag, built once (segmenters and word caches are worth keeping). */
export function textAnalyserFor(language: string): TextAnalyser {
  let analyser = analysers.get(language);
  if (!analyser) {
    if (analysers.size >= 64) analysers.clear();
    analyser = new TextAnalyser(language);
    analysers.set(language, analyser);
  }
  return analyser;
}

/** The tag itself when `Intl` knows it, else English (never the machine's locale: output must not depend on it). */
function supportedLocale(language: string): string {
  try {
    return Intl.Segmenter.supportedLocalesOf([language]).length > 0 ? language : 'en';
  } catch {
    return 'en';
  }
}

/** How many characters of its text an interaction has (lines cut at the line limit). */
export function textLength(interaction: InsightsInteraction): number {
  if (interaction.kind === 'message') return interaction.body?.length ?? 0;
  let total = 0;
  for (const line of interaction.transcript ?? []) total += Math.min(line.text.length, ANALYSIS_LIMITS.charactersPerLine);
  return total;
}

/**
 * Each interaction's share of the budget: equal shares, at most `cap`, what short interactions leave
 * unused going to the long ones (water-filling). Linear after a sort of at most 12 lengths.
 */
export function analysisShares(lengths: readonly number[], budget: number, cap: number): number[] {
  const shares = lengths.map(() => 0);
  const order = lengths.map((_, index) => index).sort((a, b) => lengths[a] - lengths[b]);
  let left = budget;
  order.forEach((index, position) => {
    const share = Math.min(lengths[index], cap, Math.floor(left / (order.length - position)));
    shares[index] = share;
    left -= share;
  });
  return shares;
}

/** The lines of an interaction as (role, text), at most `limit` characters: a long transcript keeps its first two thirds and last third. */
export function interactionLines(
  interaction: InsightsInteraction,
  limit: number = ANALYSIS_LIMITS.charactersPerInteraction,
): { role: SentenceRole; text: string }[] {
  if (interaction.kind === 'message') {
    const body = (interaction.body ?? '').slice(0, limit);
    return body.trim() === '' ? [] : [{ role: interaction.direction === 'inbound' ? 'contact' : 'agent', text: body }];
  }
  const transcript = interaction.transcript ?? [];
  const role = (index: number): SentenceRole => {
    const speaker = transcript[index].speaker;
    return speaker === 'contact' ? 'contact' : speaker === 'ai_agent' ? 'ai_agent' : 'agent';
  };
  const lengthOf = (index: number) => Math.min(transcript[index].text.length, ANALYSIS_LIMITS.charactersPerLine);
  const headLimit = textLength(interaction) <= limit ? limit : (limit * 2) / 3;
  const head: number[] = [];
  let used = 0;
  for (let index = 0; index < transcript.length && used + lengthOf(index) <= headLimit; index++) {
    head.push(index);
    used += lengthOf(index);
  }
  const tail: number[] = [];
  for (let index = transcript.length - 1; index >= head.length && used + lengthOf(index) <= limit; index--) {
    tail.push(index);
    used += lengthOf(index);
  }
  // One line longer than the whole share (a long voicemail): its beginning.
  const kept = head.length + tail.length === 0 && transcript.length > 0 ? [0] : [...head, ...tail.reverse()];
  return kept
    .map((index) => ({ role: role(index), text: transcript[index].text.slice(0, Math.min(limit, ANALYSIS_LIMITS.charactersPerLine)) }))
    .filter((line) => line.text.trim() !== '');
}

/** Each interaction's sentences, content words and phrases, in the language of its transcript (or the insights'). */
export function analyseInteractions(interactions: readonly InsightsInteraction[], language: string): AnalysedInteraction[] {
  const shares = analysisShares(
    interactions.map(textLength),
    ANALYSIS_LIMITS.charactersPerGeneration,
    ANALYSIS_LIMITS.charactersPerInteraction,
  );
  return interactions.map((interaction, index) => {
    const analyser = textAnalyserFor(interaction.language ?? language);
    const sentences: AnalysedSentence[] = [];
    for (const line of interactionLines(interaction, shares[index]))
      for (const sentence of analyser.sentences(line.text)) sentences.push(analyser.analyse(sentence, index, line.role, sentences.length));
    const summarySentences = analyser
      .sentences((interaction.summary ?? '').slice(0, ANALYSIS_LIMITS.charactersPerSummary))
      .map((sentence, position) => analyser.analyse(sentence, index, 'platform', position));
    const nextSteps = (interaction.nextSteps ?? [])
      .slice(0, ANALYSIS_LIMITS.nextStepsPerCall)
      .filter((step) => step.trim() !== '')
      .map((step, position) => analyser.analyse(step.trim().slice(0, ANALYSIS_LIMITS.charactersPerLine), index, 'platform', position));
    const keyCounts = new Map<string, number>();
    for (const group of [sentences, summarySentences, nextSteps])
      for (const sentence of group) for (const key of sentence.keys) keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
    return { interaction, index, sentences, summarySentences, nextSteps, keyCounts };
  });
}
