import { contactLink, type DeepLink, readDeepLink, withoutToken } from './deep-link.rule';

describe('readDeepLink', () => {
  it.each<[string, string, string, DeepLink]>([
    ["a softphone's + is kept, not read as a space", '?contact=+33612340000', '', { contact: '+33612340000' }],
    ['an encoded +', '?contact=%2B33612340000', '', { contact: '+33612340000' }],
    ['an e-mail', '?contact=elodie%40example.fr', '', { contact: 'elodie@example.fr' }],
    ['a conversation', '?contact=c-42&conversation=conv-1', '', { contact: 'c-42', conversation: 'conv-1' }],
    ['the token, from the fragment', '?contact=c-42', '#token=aaa.bbb.ccc', { contact: 'c-42', token: 'aaa.bbb.ccc' }],
    ['a token in the query is not read', '?token=aaa.bbb.ccc', '', {}],
    ['a contact in the fragment is not read', '', '#contact=c-42', {}],
    ['values are trimmed', '?contact=%20c-42%20', '', { contact: 'c-42' }],
    ['an empty value is no value', '?contact=&conversation=', '#token=', {}],
    ['a parameter with no = is no value', '?contact&conversation=conv-1', '', { conversation: 'conv-1' }],
    ['empty pairs are skipped', '?&&contact=c-42&', '', { contact: 'c-42' }],
    ['a malformed escape ignores that parameter only', '?contact=%E0%A4%A&conversation=conv-1', '', { conversation: 'conv-1' }],
    ['a malformed escape in the fragment', '?contact=c-42', '#token=%E0%A4%A', { contact: 'c-42' }],
    ['other fragment pairs beside the token', '', '#tab=2&token=aaa.bbb.ccc', { token: 'aaa.bbb.ccc' }],
    ['nothing', '', '', {}],
  ])('%s', (_case, search, hash, expected) => {
    expect(readDeepLink(search, hash)).toEqual(expected);
  });
});

describe('withoutToken', () => {
  it.each<[string, string, string, string, string]>([
    ['the token alone: no fragment left', '/', '?contact=%2B33612340000', '#token=aaa.bbb.ccc', '/?contact=%2B33612340000'],
    ['other fragment pairs are kept', '/desk', '', '#tab=2&token=aaa.bbb.ccc&panel=insights', '/desk#tab=2&panel=insights'],
    ['no token: the fragment as it was', '/', '?contact=c-42', '#tab=2', '/?contact=c-42#tab=2'],
    ['no fragment', '/', '?contact=c-42', '', '/?contact=c-42'],
    ['an empty fragment', '/', '', '#', '/'],
    ['a pair merely containing token= is kept', '/', '', '#mytoken=1&token=aaa', '/#mytoken=1'],
  ])('%s', (_case, pathname, search, hash, expected) => {
    expect(withoutToken(pathname, search, hash)).toBe(expected);
  });
});

describe('contactLink', () => {
  it.each<[string, string, string | undefined, string]>([
    ['an E.164 number, its + escaped', '+33612340000', undefined, '/?contact=%2B33612340000'],
    ['with a conversation', 'c-42', 'conv 1', '/?contact=c-42&conversation=conv%201'],
    ['an e-mail', 'a&b@example.fr', undefined, '/?contact=a%26b%40example.fr'],
  ])('%s', (_case, contact, conversation, expected) => {
    expect(contactLink('/', contact, conversation)).toBe(expected);
  });

  it.each([['+33612340000'], ['élodie+tag@example.fr'], ['c-42&x=1'], ['100% #1']])('reads back as it was made: %s', (contact) => {
    const link = contactLink('/desk', contact, 'conv-1');
    expect(link.startsWith('/desk?')).toBe(true);
    expect(readDeepLink(link.slice('/desk'.length), '')).toEqual({ contact, conversation: 'conv-1' });
  });
});
