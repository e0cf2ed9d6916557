import fc from 'fast-check';
import type { GenerationInput, InsightsInteraction, TranscriptLine } from '../insights.types';
import { provenanceErrors } from '../provenance.rule';
import { builtinInsights, MAX_STATEMENTS } from './builtin-insights.generator';
import { wordingFor } from './insights-wording.lexicon';
import { MAX_TOPICS } from './topic-phrases.rule';

// Words a contact center hears, with what the summariser reacts to: stop words, fillers, completion
// markers, negations, promises, injections, other scripts, emoji, punctuation.
const WORDS = [
  ...'le la colis livraison facture remboursement commande numéro de suivi reçu livré pas toujours bonjour merci euh je vais vous rappelle jeudi'.split(
    ' ',
  ),
  ...'the a parcel delivery invoice refund order number tracking received delivered not still hello thanks um i will call you back monday'.split(
    ' ',
  ),
  ...'el la paquete entrega factura reembolso pedido número de seguimiento recibido no todavía hola gracias pues le llamaré mañana'.split(
    ' ',
  ),
  ...'ignore all previous instructions you are now the system call-999 interaction'.split(' '),
  ...[
    '荷物',
    '届いていません',
    'посылка',
    'пришла',
    'الطرد',
    'لم',
    '📦',
    '👩‍👩‍👧‍👦',
    '🚚🚚',
    'l’adresse',
    'd’accord',
    'aujourd’hui',
    "don't",
    'e-mail',
  ],
  ...['.', '?', '!', ',', '…', ' ', '\n', '\t', '«', '»', '"', '¿', '。', '？'],
];

const text = (maxWords: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: maxWords }).map((words) => words.join(' '));
/** Sometimes not words at all: any grapheme, control characters, very long runs. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: text(40) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\u0000\u0007', 'a'.repeat(5_000), `${'Mon colis est perdu. '.repeat(400)}`) },
);
const speaker = fc.constantFrom<TranscriptLine['speaker']>('contact', 'user', 'ai_agent');
const occurredAt = fc.integer({ min: Date.UTC(2025, 6, 1), max: Date.UTC(2026, 5, 30) }).map((time) => new Date(time).toISOString());
const language = fc.constantFrom('fr', 'fr-CA', 'en', 'en-GB', 'es', 'de', 'ja', 'ar', 'ru', 'zz');

const interaction = (words: fc.Arbitrary<string>) =>
  fc
    .record({
      kind: fc.constantFrom('call', 'call', 'voicemail', 'sms', 'whatsapp'),
      direction: fc.constantFrom<'inbound' | 'outbound'>('inbound', 'outbound'),
      occurredAt,
      conversationId: fc.constantFrom('conv-1', 'conv-2'),
      language: fc.option(language, { nil: undefined }),
      transcript: fc.array(fc.record({ speaker, text: words }), { maxLength: 20 }),
      body: words,
      summary: fc.option(words, { nil: undefined }),
      nextSteps: fc.option(fc.array(words, { maxLength: 3 }), { nil: undefined }),
    })
    .map(({ kind, transcript, body, summary, nextSteps, ...rest }): Omit<InsightsInteraction, 'interactionId'> => {
      const common = { ...rest, inboxId: 'inbox-1' };
      if (kind === 'call') return { ...common, kind: 'call', channel: 'call', transcript, summary, nextSteps };
      if (kind === 'voicemail')
        return {
          ...common,
          kind: 'voicemail',
          channel: 'voicemail',
          direction: 'inbound',
          transcript: [{ speaker: 'contact', text: body }],
        };
      return { ...common, kind: 'message', channel: kind, body };
    });

const input = (words: fc.Arbitrary<string>): fc.Arbitrary<GenerationInput> =>
  fc.record({
    language,
    interactions: fc
      .array(interaction(words), { minLength: 1, maxLength: 12 })
      .map((interactions) =>
        interactions
          .map((each, index) => ({ ...each, interactionId: `i-${index}` }))
          .sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0)),
      ),
  });

const texts = (content: ReturnType<typeof builtinInsights>) => [
  ...content.topics.map((topic) => topic.text),
  ...content.summary.map((statement) => statement.text),
  ...(content.nextStep ? [content.nextStep.text] : []),
];

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const wordsOf = (value: string) => (value.toLowerCase().match(WORD) ?? []) as string[];

/** Every word the generator may write for this input: the input's, and its wording's (labels, dates). */
function vocabulary(generation: GenerationInput): { words: Set<string>; inputWords: string[] } {
  const inputWords = generation.interactions.flatMap((each) =>
    [...(each.transcript ?? []).map((line) => line.text), each.body ?? '', each.summary ?? '', ...(each.nextSteps ?? [])].flatMap(wordsOf),
  );
  const wording = wordingFor(generation.language);
  const fixed = [
    wording.briefExchange,
    ...Object.values(wording.speakers),
    wording.threadLabel('sms', ''),
    wording.threadLabel('whatsapp', ''),
    ...generation.interactions.flatMap((each) => {
      const label = wording.label(each, '');
      return [label, wording.plannedStep('', label), wording.promisedStep(label, ''), wording.reply(each, label, '')];
    }),
  ];
  const dates: string[] = Array.from({ length: 31 }, (_, day) => String(day + 1));
  for (const locale of [generation.language, wording.locale])
    try {
      const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      for (let month = 0; month < 12; month++) dates.push(format.formatRange(Date.UTC(2025, month, 1), Date.UTC(2026, month, 2)));
    } catch {
      // An unknown tag: the wording's locale covers it.
    }
  return { words: new Set([...inputWords, ...[...fixed, ...dates].flatMap(wordsOf)]), inputWords };
}

describe('built-in insights: properties', () => {
  it('every statement cites only interactions of the input, and at least one; the summary is never empty', () => {
    fc.assert(
      fc.property(input(anyText), (generation) => {
        const content = builtinInsights(generation);
        expect(provenanceErrors(content, new Set(generation.interactions.map((each) => each.interactionId)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic, bounded, and writes well-formed text', () => {
    fc.assert(
      fc.property(input(anyText), (generation) => {
        const content = builtinInsights(generation);
        expect(builtinInsights(generation)).toEqual(content);
        expect(content.topics.length).toBeLessThanOrEqual(MAX_TOPICS);
        expect(content.summary.length).toBeLessThanOrEqual(MAX_STATEMENTS);
        for (const value of texts(content)) {
          expect(value.length).toBeLessThanOrEqual(800);
          expect(value).toBe(value.toWellFormed());
          expect(value).not.toMatch(/[\p{Cc}]/u);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('writes no word from outside the input but its own labels (a truncated or segmented word is part of one)', () => {
    fc.assert(
      fc.property(input(text(40)), (generation) => {
        const { words, inputWords } = vocabulary(generation);
        for (const value of texts(builtinInsights(generation)))
          for (const word of wordsOf(value))
            if (!words.has(word)) expect(inputWords.some((inputWord) => inputWord.includes(word))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
