import { type ContactParameter, parseContactParameter } from './contact-parameter.rule';

describe('parseContactParameter', () => {
  it.each<[string, string, ContactParameter | RegExp]>([
    ['an E.164 number', '+33612340000', { phone: '+33612340000' }],
    ['an international number with spaces and dots', '+33 6 12.34.00.00', { phone: '+33612340000' }],
    ['00 for +', '0033612340000', { phone: '+33612340000' }],
    ['a contactId', 'c-fr', { contactId: 'c-fr' }],
    ['a contactId, trimmed', '  c-fr  ', { contactId: 'c-fr' }],
    ['a national number is not international: a contactId', '0612340000', { contactId: '0612340000' }],
    ['an e-mail, lower-cased', ' Elodie.Martin@Example.FR ', { email: 'elodie.martin@example.fr' }],
    ['an @ that is not an e-mail', 'team@acme', /is not an e-mail address/],
    ['a + that is not a number', '+33abc', /is not a phone number in international format/],
    ['nothing', '   ', /must be a contactId, an e-mail address or a phone number/],
  ])('%s', (_case, text, expected) => {
    const parameter = parseContactParameter(text);
    if (expected instanceof RegExp) expect('invalid' in parameter && parameter.invalid).toMatch(expected);
    else expect(parameter).toEqual(expected);
  });

  it('quotes at most 40 characters of what it refuses', () => {
    const parameter = parseContactParameter(`${'x'.repeat(100)}@nowhere`);
    expect('invalid' in parameter && parameter.invalid.length).toBeLessThan(80);
  });
});
