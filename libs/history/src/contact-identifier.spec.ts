import {
  callerIdentifiers,
  type ContactIdentifier,
  contactIdentifiers,
  contactIdentifier,
  type ContactLike,
  identifiersOf,
  parseContactIdentifier,
  type ParsedContactIdentifier,
  primaryIdentifier,
} from './contact-identifier';

describe('contact identifiers', () => {
  // The texts are stored in every read-model index: these rows pin them byte for byte.
  it.each<[string, ContactIdentifier, ParsedContactIdentifier]>([
    ['a contactId', contactIdentifier.contactId('contact-1'), { kind: 'contactId', contactId: 'contact-1' }],
    ['a contactId holding colons and slashes', contactIdentifier.contactId('crm:42/a'), { kind: 'contactId', contactId: 'crm:42/a' }],
    ['a phone (E.164)', contactIdentifier.phone('+33612345678'), { kind: 'phone', phone: '+33612345678' }],
    ['an e-mail', contactIdentifier.email('alice@example.com'), { kind: 'email', email: 'alice@example.com' }],
  ])('writes and reads back %s', (_case, text, parsed) => {
    expect(parseContactIdentifier(text)).toEqual(parsed);
  });

  it.each<[ContactIdentifier, string]>([
    [contactIdentifier.contactId('contact-1'), 'id:contact-1'],
    [contactIdentifier.phone('+33612345678'), 'tel:+33612345678'],
    [contactIdentifier.email('alice@example.com'), 'mail:alice@example.com'],
  ])('stores %s as %s', (text, stored) => {
    expect(text).toBe(stored);
  });

  it.each([
    ['no prefix', '+33612345678'],
    ['an unknown prefix', 'sip:alice@example.com'],
    ['a prefix in another case', 'TEL:+33612345678'],
    ['a prefix with nothing after it', 'tel:'],
    ['an empty text', ''],
    ['a bare colon', ':x'],
  ])('reads %s as no identifier', (_case, text) => {
    expect(parseContactIdentifier(text)).toBeUndefined();
  });

  it.each<[string, ContactLike | undefined, ContactIdentifier[], ContactIdentifier | undefined]>([
    ['no contact', undefined, [], undefined],
    ['a phone only', { phone: '+33612345678' }, ['tel:+33612345678'], 'tel:+33612345678'],
    ['an e-mail only', { email: 'a@example.com' }, ['mail:a@example.com'], 'mail:a@example.com'],
    [
      'every identifier, contactId first',
      { email: 'a@example.com', phone: '+33612345678', contactId: 'k-1' },
      ['id:k-1', 'tel:+33612345678', 'mail:a@example.com'],
      'id:k-1',
    ],
    ['empty fields, as absent', { contactId: '', phone: '', email: 'a@example.com' }, ['mail:a@example.com'], 'mail:a@example.com'],
  ])('knows %s by its identifiers', (_case, contact, identifiers, primary) => {
    expect(identifiersOf(contact)).toEqual(identifiers);
    if (contact) expect(primaryIdentifier(contact)).toBe(primary);
  });

  const contact = (contactId: string, phones: string[] = [], emails: string[] = []) => ({ contactId, phones, emails });
  // Sorted as the contact projection stores them.
  const phones = (count: number) => Array.from({ length: count }, (_unused, index) => `+${1000 + index}`);

  it.each<[string, ReturnType<typeof contact>, ContactIdentifier[]]>([
    ['a contact known by its contactId alone', contact('k-1'), ['id:k-1']],
    [
      'a contact with phones and e-mails, contactId first',
      contact('k-1', ['+33612345678', '+33700000000'], ['a@example.com']),
      ['id:k-1', 'tel:+33612345678', 'tel:+33700000000', 'mail:a@example.com'],
    ],
    [
      'a contact linked to 100 phones: the contactId and the first 31 phones',
      contact('k-1', phones(100), ['a@example.com']),
      ['id:k-1', ...phones(31).map((phone) => `tel:${phone}` as const)],
    ],
  ])('lists the identifiers of %s', (_case, identified, identifiers) => {
    expect(contactIdentifiers(identified)).toEqual(identifiers);
  });

  it.each<[string, ContactIdentifier, Array<ReturnType<typeof contact>>, ContactIdentifier[]]>([
    ['a caller no contact links', 'tel:+1', [], ['tel:+1']],
    [
      'a phone linked to a contact',
      'tel:+1',
      [contact('k-1', ['+1', '+2'], ['a@example.com'])],
      ['tel:+1', 'id:k-1', 'tel:+2', 'mail:a@example.com'],
    ],
    ['a contactId asked for', 'id:k-1', [contact('k-1', ['+1'])], ['id:k-1', 'tel:+1']],
    [
      'a phone two contacts share, each identifier once',
      'tel:+1',
      [contact('k-1', ['+1']), contact('k-2', ['+1'])],
      ['tel:+1', 'id:k-1', 'id:k-2'],
    ],
    [
      'a phone of a contact linked to 100 phones: itself, then at most 32 of the contact',
      'tel:+99',
      [contact('k-1', phones(100))],
      ['tel:+99', 'id:k-1', ...phones(31).map((phone) => `tel:${phone}` as const)],
    ],
  ])("looks for %s under the asked identifier first, then the contact's", (_case, asked, contacts, identifiers) => {
    expect(callerIdentifiers(asked, contacts)).toEqual(identifiers);
  });
});
