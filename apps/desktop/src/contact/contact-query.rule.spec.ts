import type { CountryCode } from 'libphonenumber-js/min';
import { type ContactQuery, inboxCountry, readContactQuery } from './contact-query.rule';

describe('readContactQuery', () => {
  it.each<[string, string, CountryCode | undefined, ContactQuery]>([
    ['an international number with spaces', '+33 6 12 34 00 00', undefined, { kind: 'phone', parameter: '+33612340000' }],
    ['an international number with dots and dashes', '+33 6.12-34.00.00', 'FR', { kind: 'phone', parameter: '+33612340000' }],
    ['E.164 as it is', '+33612340000', undefined, { kind: 'phone', parameter: '+33612340000' }],
    ['00 for +', '0033 6 12 34 00 00', undefined, { kind: 'phone', parameter: '+33612340000' }],
    ['00 and a space for +', '00 33 6 12 34 00 00', undefined, { kind: 'phone', parameter: '+33612340000' }],
    ['00 for +, whatever the country', '0044 20 7946 0000', 'FR', { kind: 'phone', parameter: '+442079460000' }],
    ['a national number, read in the country of the inboxes', '06 12 34 00 00', 'FR', { kind: 'phone', parameter: '+33612340000' }],
    ['a national number with dots', '06.12.34.00.00', 'FR', { kind: 'phone', parameter: '+33612340000' }],
    ['a national number with brackets', '(06) 12-34-00-00', 'FR', { kind: 'phone', parameter: '+33612340000' }],
    ['a national number without a country is a contactId', '06 12 34 00 00', undefined, { kind: 'contactId', parameter: '06 12 34 00 00' }],
    ['too short for a national number: a contactId', '0612', 'FR', { kind: 'contactId', parameter: '0612' }],
    ['a national number impossible in that country: a contactId', '06 12', 'FR', { kind: 'contactId', parameter: '06 12' }],
    ['an impossible international number is sent stripped', '+1 2', undefined, { kind: 'phone', parameter: '+12' }],
    ['an impossible 00 number is sent as typed, stripped', '001 (2)', undefined, { kind: 'phone', parameter: '0012' }],
    ['an e-mail, trimmed', '  elodie@example.fr ', undefined, { kind: 'email', parameter: 'elodie@example.fr' }],
    ['anything with @ is an e-mail for the server to judge', 'team@acme', 'FR', { kind: 'email', parameter: 'team@acme' }],
    ['a contactId', 'c-42', 'FR', { kind: 'contactId', parameter: 'c-42' }],
    ['a contactId of digits not starting with 0', '612340000', 'FR', { kind: 'contactId', parameter: '612340000' }],
    ['empty', '', 'FR', { kind: 'empty' }],
    ['spaces only', '   ', undefined, { kind: 'empty' }],
  ])('%s', (_case, typed, country, expected) => {
    expect(readContactQuery(typed, country)).toEqual(expected);
  });
});

describe('inboxCountry', () => {
  it.each<[string, (string | undefined)[], CountryCode | undefined]>([
    ['a French inbox', ['+33612340000'], 'FR'],
    ['the first inbox with a phone number', [undefined, '+442079460000', '+33612340000'], 'GB'],
    ['a number that is not one is skipped', ['not a number', '+33612340000'], 'FR'],
    ['no phone number', [undefined, undefined], undefined],
    ['no inbox', [], undefined],
  ])('%s', (_case, phoneNumbers, expected) => {
    expect(inboxCountry(phoneNumbers)).toBe(expected);
  });
});
