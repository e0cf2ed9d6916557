import { excerpt, transcriptExcerpt, transcriptText } from './activity.projection';

/** The definition the fast paths must match: flatten the whole text, then cut. */
const reference = (text: string, length = 280) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
};

const words = (count: number, separator = ' ') => Array.from({ length: count }, (_, index) => `word${index}`).join(separator);

describe('transcript excerpt', () => {
  it.each<[string, string]>([
    ['empty', ''],
    ['short', '  Hello,\n  I would like to move my appointment.  '],
    ['exactly at the limit', 'x'.repeat(280)],
    ['one over the limit', 'x'.repeat(281)],
    ['long, ordinary', words(2000)],
    ['long, whitespace-heavy head', `${' \n\t'.repeat(2000)}${words(500)}`],
    ['long, whitespace at the cut', `${'a'.repeat(1119)}${' '.repeat(50)}${words(100)}`],
    ['long, all whitespace', ' '.repeat(5000)],
    ['long, a single huge word', 'z'.repeat(10_000)],
  ])('excerpt of %s text equals flattening the whole text', (_, text) => {
    expect(excerpt(text)).toBe(reference(text));
  });

  const segment = (speaker: string, text: string) => ({ speaker, text });
  it.each<[string, Array<{ speaker: string; text: string }>]>([
    ['no segment', []],
    ['a short call', [segment('contact', 'Hi'), segment('user', ' Hello, how can I help? ')]],
    ['a long call', Array.from({ length: 400 }, (_, index) => segment(index % 2 ? 'user' : 'contact', words(12)))],
    ['empty segments first', [...Array.from({ length: 300 }, () => segment('ai_agent', '   ')), segment('contact', words(300))]],
    ['an unknown speaker', Array.from({ length: 100 }, () => segment('supervisor', words(20, '\n')))],
  ])('transcript excerpt of %s equals the excerpt of the whole transcript', (_, segments) => {
    expect(transcriptExcerpt(segments)).toBe(reference(transcriptText(segments)));
  });
});
