import type { LanguageCues } from './language-cues.lexicon';

/** The longest quote of one sentence: transcripts are untrusted, a statement never carries a whole speech. */
export const MAX_QUOTE_CHARACTERS = 220;
export const MAX_SUMMARY_CHARACTERS = 360;

const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;
const SPACES = /\s+/gu;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * A sentence as it is quoted: control and format characters and runs of spaces become one space, the
 * hesitations it opens with are dropped ("Euh, alors, mon colis…" → "Mon colis…"), and it is cut at a
 * word boundary (never inside a character or an emoji) to at most `max` characters.
 */
export function quoteText(text: string, cues: LanguageCues, max = MAX_QUOTE_CHARACTERS): string {
  let clean = text.replace(CONTROL, ' ').replace(SPACES, ' ').trim();
  if (cues.leadingFillers) {
    const stripped = clean.replace(cues.leadingFillers, '');
    // Keep the sentence whole when it is nothing but hesitations.
    if (/[\p{L}\p{N}]/u.test(stripped)) clean = stripped.charAt(0).toLocaleUpperCase() + stripped.slice(1);
  }
  return bounded(clean, max);
}

/** At most `max` characters, cut after a whole word when there is one, marked with an ellipsis. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > max - 1) break;
    cut = index + segment.length;
  }
  const space = text.lastIndexOf(' ', cut);
  const end = space > max / 2 ? space : cut;
  return `${text.slice(0, end).replace(/[\s,;:.…–—-]+$/u, '')}…`;
}
