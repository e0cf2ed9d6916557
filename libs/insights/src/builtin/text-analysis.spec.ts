import { analysisShares, interactionLines, textAnalyserFor, wordKey } from './text-analysis';
import { call } from './testing/insights-scenarios.fixtures';

describe('text analysis', () => {
  it.each<[string, string, string, string[]]>([
    ['one line without an inner terminator is one sentence', 'fr', 'Mon colis n’est pas arrivé', ['Mon colis n’est pas arrivé']],
    ['French sentences', 'fr', 'Bonjour. Le colis coûte 12.50 € ? Oui !', ['Bonjour.', 'Le colis coûte 12.50 € ?', 'Oui !']],
    ['Spanish, with inverted marks', 'es', '¿Me llama mañana? Gracias.', ['¿Me llama mañana?', 'Gracias.']],
    [
      'Japanese full stops and emoji',
      'ja',
      '荷物が届きません。追跡番号は？お願いします🙏',
      ['荷物が届きません。', '追跡番号は？', 'お願いします🙏'],
    ],
    ['emoji and ZWJ sequences stay whole', 'fr', 'Super 👍 merci. À demain 👩‍👩‍👧‍👦', ['Super 👍 merci.', 'À demain 👩‍👩‍👧‍👦']],
    ['blank text has none', 'en', ' \n\t ', []],
  ])('sentences: %s', (_case, language, text, expected) => {
    expect(textAnalyserFor(language).sentences(text)).toEqual(expected);
  });

  it.each([
    ['Livraisons', 'livraison'],
    ['reçus', 'recu'],
    ['colis', 'colis'],
    ['address', 'address'],
    ['bus', 'bus'],
    ['pedidos', 'pedido'],
    ['荷物', '荷物'],
  ])('the key of %s is %s', (word, key) => {
    expect(wordKey(word.toLowerCase())).toBe(key);
  });

  it.each<[string, string, string[], boolean, boolean]>([
    ['fr', 'Colis bien reçu, merci !', ['colis', 'recu'], true, false],
    ['fr', 'Toujours pas reçu le colis.', ['recu', 'colis'], false, false],
    ['fr', 'Avez-vous reçu le colis ?', ['recu', 'colis'], false, true],
    ['fr', "l'adresse de livraison des colis", ['adresse', 'livraison', 'colis'], false, false],
    ['fr', 'Mon rendez-vous de jeudi', ['rendez-vou', 'jeudi'], false, false],
    ['en', "I still haven't received the refund", ['received', 'refund'], false, false],
    ['en', 'Refund received for order 55120, thanks.', ['refund', 'received', 'order', '55120'], true, false],
    ['es', 'Todavía no he recibido el paquete', ['recibido', 'paquete'], false, false],
    ['es', 'Paquete recibido, gracias.', ['paquete', 'recibido'], true, false],
    ['ru', 'Посылка пришла вчера', ['посылка', 'пришла', 'вчера'], false, false],
  ])('analyse (%s) %s', (language, text, keys, completion, question) => {
    const sentence = textAnalyserFor(language).analyse(text, 0, 'contact', 0);
    expect(sentence.keys).toEqual(keys);
    expect(sentence.completion).toBe(completion);
    expect(sentence.question).toBe(question);
  });

  it.each<[string, string, [string, boolean][]]>([
    ['fr', 'Le numéro de suivi du colis', [['numéro de suivi du colis', true]]],
    [
      'fr',
      'Il est bloqué au dépôt de Lyon, vraiment',
      [
        ['bloqué', false],
        ['dépôt de Lyon', true],
      ],
    ],
    [
      'en',
      'the duplicate charge on my March invoice',
      [
        ['duplicate charge', true],
        ['March invoice', true],
      ],
    ],
    ['es', 'la cita de revisión del lunes', [['cita de revisión del lunes', true]]],
    [
      'ja',
      '追跡番号 を 確認',
      [
        ['追跡番号', false],
        ['確認', false],
      ],
    ],
  ])('phrases (%s) of %s', (language, text, expected) => {
    expect(
      textAnalyserFor(language)
        .phrases(text)
        .map((phrase) => [phrase.surface, phrase.afterDeterminer]),
    ).toEqual(expected);
  });

  it.each<[string, number[], number, number[]]>([
    ['short ones whole', [10, 20], 100, [10, 20]],
    ['equal shares of what long ones need', [500, 500], 100, [50, 50]],
    ['what a short one leaves goes to the long ones', [500, 10, 500], 110, [50, 10, 50]],
    ['never more than the cap', [500, 10], 1_000, [60, 10]],
    ['nothing to share', [], 100, []],
  ])('analysis shares: %s', (_case, lengths, budget, expected) => {
    expect(analysisShares(lengths, budget, 60)).toEqual(expected);
  });

  it('reads a voicemail longer than its share from its beginning', () => {
    expect(interactionLines(call('v', '2026-03-01T00:00:00.000Z', [{ speaker: 'contact', text: 'a'.repeat(500) }]), 100)).toEqual([
      { role: 'contact', text: 'a'.repeat(100) },
    ]);
  });

  it('reads a long call’s first two thirds and last third, within the limit', () => {
    const line = (index: number) => ({ speaker: 'contact' as const, text: `${index} ${'x'.repeat(95)}` });
    const analysed = interactionLines(
      call(
        'c',
        '2026-03-01T00:00:00.000Z',
        Array.from({ length: 1_000 }, (_, index) => line(index)),
      ),
      30_000,
    );
    const total = analysed.reduce((sum, each) => sum + each.text.length, 0);
    expect(total).toBeLessThanOrEqual(30_000);
    expect(total).toBeGreaterThan(29_000);
    expect(analysed[0].text.startsWith('0 ')).toBe(true);
    expect(analysed.at(-1)!.text.startsWith('999 ')).toBe(true);
    expect(analysed.some((each) => each.text.startsWith('500 '))).toBe(false);
  });
});
