import { cuesFor } from './language-cues.lexicon';
import { bounded, quoteText } from './quote-text';

describe('quote text', () => {
  it.each([
    ['fr', 'Euh oui, alors mon colis est perdu.', 'Mon colis est perdu.'],
    ['fr', 'Bonjour madame, je rappelle pour la facture.', 'Je rappelle pour la facture.'],
    ['en', 'Um, so, well my refund never came.', 'My refund never came.'],
    ['es', 'Pues bueno, mi pedido no ha llegado.', 'Mi pedido no ha llegado.'],
    ['fr', 'Euh… oui.', 'Euh… oui.'],
    ['en', 'line\u0000one\u0007\ttwo\n\nthree', 'Line one two three'],
    ['de', 'Also, mein Paket fehlt.', 'Also, mein Paket fehlt.'],
  ])('(%s) %j → %j', (language, text, expected) => {
    expect(quoteText(text, cuesFor(language))).toBe(expected);
  });

  it.each([
    ['a short text is kept', 'Mon colis est perdu.', 40, 'Mon colis est perdu.'],
    ['cut after a whole word', 'Mon colis est bloqué au dépôt de Lyon depuis lundi dernier.', 30, 'Mon colis est bloqué au dépôt…'],
    ['no space: cut between characters, never inside an emoji', '📦'.repeat(50), 11, `${'📦'.repeat(5)}…`],
    ['a ZWJ sequence stays whole or goes', `ab ${'👩‍👩‍👧‍👦'.repeat(3)}`, 16, 'ab 👩‍👩‍👧‍👦…'],
  ])('bounded: %s', (_case, text, max, expected) => {
    const result = bounded(text, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max);
    expect(result).toBe(result.toWellFormed());
  });
});
