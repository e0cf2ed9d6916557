import { insightsLanguage } from './insights-language.rule';

describe('insightsLanguage', () => {
  it.each<[string, string[], string, string]>([
    ['one transcript language', ['fr-FR', 'fr-FR'], 'en-US', 'fr-FR'],
    ['several regions of one language: the language', ['fr-FR', 'fr-CA'], 'en-US', 'fr'],
    ['several languages: the inbox of the conversation', ['fr-FR', 'es-ES'], 'en-US', 'en-US'],
    ['no transcript language: the inbox', [], 'es-ES', 'es-ES'],
  ])('%s', (_case, languages, inboxLanguage, expected) => {
    expect(insightsLanguage(languages, inboxLanguage)).toBe(expected);
  });
});
