import { toE164, toEmail, toLanguageTag, toUtcTimestamp } from './normalise';

describe('normalisers', () => {
  it.each<[unknown, string | undefined]>([
    ['2026-03-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z'],
    ['2026-03-01T09:00:00Z', '2026-03-01T09:00:00.000Z'],
    ['2026-03-01 09:00:00+02:00', '2026-03-01T07:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2026-02-29T00:00:00Z', undefined],
    ['2026-04-31T00:00:00Z', undefined],
    ['2026-03-01T24:00:00Z', undefined],
    ['2026-03-01T09:00:00+25:00', undefined],
    ['2026-03-01', undefined],
    ['2026-03-01T09:00:00', undefined],
    [1772355600000, undefined],
  ])('toUtcTimestamp(%p) = %p', (input, expected) => {
    expect(toUtcTimestamp(input)).toBe(expected);
  });

  it.each<[unknown, string | undefined]>([
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['+34 910 000 001', '+34910000001'],
    ['06 12 34 56 78', undefined],
    ['+1 2', undefined],
    ['hello', undefined],
    [33612345678, undefined],
  ])('toE164(%p) = %p', (input, expected) => {
    expect(toE164(input)).toBe(expected);
    // Remembered: the same answer, a rejection included, the second time.
    expect(toE164(input)).toBe(expected);
  });

  it('gives the same answers once more numbers were seen than it remembers', () => {
    const numbers = Array.from(
      { length: 12_000 },
      (_, n) =>
        `+33 6 10 ${String(n)
          .padStart(6, '0')
          .replace(/(..)(..)(..)/, '$1 $2 $3')}`,
    );
    const first = numbers.map((number) => toE164(number));
    expect(first[0]).toBe('+33610000000');
    expect(first[11_999]).toBe('+33610011999');
    // The oldest were forgotten, the newest are remembered: both still normalise the same.
    expect(numbers.map((number) => toE164(number))).toEqual(first);
    expect(toE164('0033 6 10 00 00 00')).toBe('+33610000000');
    expect(toE164('06 10 00 00 00')).toBeUndefined();
  });

  it.each<[unknown, string | undefined]>([
    ['fr-fr', 'fr-FR'],
    ['EN', 'en'],
    ['es-419', 'es-419'],
    ['zz-zz-zz-zz-!!', undefined],
    ['', undefined],
  ])('toLanguageTag(%p) = %p', (input, expected) => {
    expect(toLanguageTag(input)).toBe(expected);
  });

  it.each<[unknown, string | undefined]>([
    [' Alice@Example.com ', 'alice@example.com'],
    ['no-at-sign', undefined],
    ['a@b', undefined],
  ])('toEmail(%p) = %p', (input, expected) => {
    expect(toEmail(input)).toBe(expected);
  });
});
