import stopwordsIso from 'stopwords-iso/stopwords-iso.json';
import { cuesFor, primaryLanguage } from './language-cues.lexicon';

const LISTS: Readonly<Record<string, readonly string[] | undefined>> = stopwordsIso;
const cache = new Map<string, ReadonlySet<string>>();

/**
 * The stop words of a language: `stopwords-iso` (maintained lists for 58 languages, read as written,
 * apostrophes normalised), less the contact-center nouns it lists ("order", "number"), plus the
 * conversation fillers of `language-cues.lexicon`. A language it does
 * not know has none: every word then counts, which is still better than guessing another language's.
 */
export function stopWordsFor(language: string): ReadonlySet<string> {
  const primary = primaryLanguage(language);
  let words = cache.get(primary);
  if (!words) {
    const { fillers, keep } = cuesFor(primary);
    const kept = new Set(keep);
    words = new Set(
      [...(LISTS[primary] ?? []).filter((word) => !kept.has(word)), ...fillers].map((word) => word.toLowerCase().replace(/’/g, "'")),
    );
    cache.set(primary, words);
  }
  return words;
}
