import { type Language, pickLanguage, translate, translator } from './i18n';
import { englishMessages, type MessageKey } from './messages-en.lexicon';
import { frenchMessages } from './messages-fr.lexicon';

describe('pickLanguage', () => {
  it.each<[string, string[], Language]>([
    ['French', ['fr'], 'fr'],
    ['French of France', ['fr-FR'], 'fr'],
    ['French of Canada, upper case', ['FR-CA'], 'fr'],
    ['English of Britain', ['en-GB'], 'en'],
    ['the first the desktop speaks', ['de-DE', 'fr-BE', 'en'], 'fr'],
    ['English before French', ['es', 'en-US', 'fr'], 'en'],
    ['none the desktop speaks: English', ['de', 'it'], 'en'],
    ['no preference: English', [], 'en'],
    ['a tag that merely starts with fr is not French', ['fry', 'en'], 'en'],
  ])('%s', (_case, preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });
});

describe('translate', () => {
  it.each<[string, Language, MessageKey, Record<string, string | number>, string]>([
    ['a message', 'en', 'contact.live', {}, 'Live'],
    ['a French message', 'fr', 'contact.live', {}, 'En direct'],
    ['a placeholder', 'en', 'contact.heading', { contact: '+33612340000' }, 'Contact +33612340000'],
    ['two placeholders', 'fr', 'insights.generatedBy', { name: 'Alice', when: 'hier' }, 'Généré par Alice, hier'],
    ['a number placeholder', 'en', 'problem.other', { status: 503 }, 'The server answered an error (503).'],
    ['a placeholder with no value stays as written', 'en', 'contact.heading', {}, 'Contact {contact}'],
    ['a value with $ patterns is inserted as it is', 'en', 'contact.heading', { contact: "$& $1 $'" }, "Contact $& $1 $'"],
    ['English: 0 is plural', 'en', 'insights.stale', { count: 0 }, '0 newer interactions'],
    ['English: 1 is singular', 'en', 'insights.stale', { count: 1 }, '1 newer interaction'],
    ['English: 2 is plural', 'en', 'insights.stale', { count: 2 }, '2 newer interactions'],
    ['French: 0 is singular', 'fr', 'insights.stale', { count: 0 }, '0 interaction plus récente'],
    ['French: 1 is singular', 'fr', 'insights.stale', { count: 1 }, '1 interaction plus récente'],
    ['French: 2 is plural', 'fr', 'insights.stale', { count: 2 }, '2 interactions plus récentes'],
    ['a count on a message with one form', 'en', 'sessions.capped', { count: 1 }, 'The 1 most recent sessions.'],
  ])('%s', (_case, language, key, parameters, expected) => {
    expect(translate(language, key, parameters)).toBe(expected);
  });
});

describe('the lexicons', () => {
  const lexicons: [Language, Record<string, string>][] = [
    ['en', englishMessages],
    ['fr', frenchMessages],
  ];
  const placeholders = (text: string): string[] => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();

  it('French has exactly the English keys', () => {
    expect(Object.keys(frenchMessages).sort()).toEqual(Object.keys(englishMessages).sort());
  });

  it.each(lexicons)('%s has no empty message, nor an empty plural form', (_language, messages) => {
    const empty = Object.entries(messages).filter(([, text]) => text.trim() === '' || text.split('|').some((form) => form.trim() === ''));
    expect(empty).toEqual([]);
  });

  it('each French message has the placeholders and plural forms of the English one', () => {
    const differing = (Object.keys(englishMessages) as MessageKey[]).filter(
      (key) =>
        placeholders(englishMessages[key]).join() !== placeholders(frenchMessages[key]).join() ||
        englishMessages[key].split('|').length !== frenchMessages[key].split('|').length,
    );
    expect(differing).toEqual([]);
  });

  it.each(lexicons)('%s plurals have one and other forms, and take a count', (_language, messages) => {
    const plurals = Object.entries(messages).filter(([, text]) => text.includes('|'));
    expect(plurals.length).toBeGreaterThan(0);
    for (const [key, text] of plurals)
      expect({ key, forms: text.split('|').length, count: text.includes('{count}') }).toEqual({ key, forms: 2, count: true });
  });
});

describe('translator', () => {
  it.each<[number, string]>([
    [0, '0 s'],
    [59, '59 s'],
    [59.6, '1 min 00 s'],
    [200, '3 min 20 s'],
    [3599, '59 min 59 s'],
    [3600, '1 h 00 min'],
    [3725, '1 h 02 min'],
    [-5, '0 s'],
  ])('duration(%s) is %s', (seconds, expected) => {
    expect(translator('en').duration(seconds)).toBe(expected);
  });

  it('dates in the page language and the given time zone', () => {
    const english = translator('en', 'UTC').dateTime('2026-03-01T09:05:00Z');
    const french = translator('fr', 'UTC').dateTime('2026-03-01T09:05:00Z');
    expect(english).toMatch(/Mar 1, 2026.*9:05/);
    expect(french).toMatch(/1 mars 2026.*09:05/);
  });

  it('a date it cannot read is shown as given', () => {
    expect(translator('fr').dateTime('not a date')).toBe('not a date');
  });

  it('t speaks its language', () => {
    expect([translator('en').t('sessions.tone.abandoned'), translator('fr').t('sessions.tone.abandoned')]).toEqual([
      'Abandoned',
      'Abandonné',
    ]);
  });
});
