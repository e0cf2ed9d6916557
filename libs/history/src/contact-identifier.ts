/**
 * A contact is known by several identifiers: its contactId once identified, phone numbers and
 * e-mails. Read models index activities under every identifier their event carried; a query resolves
 * the caller's identifier to all identifiers of the same contact (via `contact.identified`), so a query
 * by phone finds activities recorded under the contactId and vice versa, without rewriting history.
 *
 * This module is the only one that writes or reads their text (`id:…`, `tel:…`, `mail:…`): it is stored
 * in the read-model index of every database, so it must never change.
 */
export type ContactIdentifier = `id:${string}` | `tel:${string}` | `mail:${string}`;

/** What an identifier's text stands for. */
export type ParsedContactIdentifier =
  | { readonly kind: 'contactId'; readonly contactId: string }
  | { readonly kind: 'phone'; readonly phone: string }
  | { readonly kind: 'email'; readonly email: string };

export const contactIdentifier = {
  contactId: (contactId: string): `id:${string}` => `id:${contactId}`,
  /** A phone number as the parser normalised it (E.164). */
  phone: (e164: string): `tel:${string}` => `tel:${e164}`,
  /** An e-mail as the parser normalised it (lower-case). */
  email: (email: string): `mail:${string}` => `mail:${email}`,
};

/** The identifier a text stands for, or undefined when it is not one (no known prefix, or nothing after it). */
export function parseContactIdentifier(text: string): ParsedContactIdentifier | undefined {
  const separator = text.indexOf(':');
  const value = text.slice(separator + 1);
  if (separator < 0 || value === '') return undefined;
  switch (text.slice(0, separator)) {
    case 'id':
      return { kind: 'contactId', contactId: value };
    case 'tel':
      return { kind: 'phone', phone: value };
    case 'mail':
      return { kind: 'email', email: value };
    default:
      return undefined;
  }
}

export interface ContactLike {
  readonly contactId?: string;
  readonly phone?: string;
  readonly email?: string;
}

export function identifiersOf(contact: ContactLike | undefined): ContactIdentifier[] {
  if (!contact) return [];
  const identifiers: ContactIdentifier[] = [];
  if (contact.contactId) identifiers.push(contactIdentifier.contactId(contact.contactId));
  if (contact.phone) identifiers.push(contactIdentifier.phone(contact.phone));
  if (contact.email) identifiers.push(contactIdentifier.email(contact.email));
  return identifiers;
}

/** The key a contact is known by: contactId when known, else phone, else e-mail (SPEC). */
export function primaryIdentifier(contact: ContactLike): ContactIdentifier | undefined {
  return identifiersOf(contact)[0];
}

/**
 * Identifiers a contact lookup goes by at most. A real contact has a handful of phones and e-mails; a
 * producer linking thousands to one contactId (a bug, or on purpose) must not make every call of those
 * callers thousands of index reads on a thread all tenants share.
 */
export const MAX_CALLER_IDENTIFIERS = 32;

/**
 * The identifiers of an identified contact a lookup goes by: its contactId, then its phones and
 * e-mails (as stored: sorted), at most `MAX_CALLER_IDENTIFIERS`.
 */
export function contactIdentifiers(contact: {
  readonly contactId: string;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}): ContactIdentifier[] {
  return [
    contactIdentifier.contactId(contact.contactId),
    ...contact.phones.map(contactIdentifier.phone),
    ...contact.emails.map(contactIdentifier.email),
  ].slice(0, MAX_CALLER_IDENTIFIERS);
}

/**
 * What a history call looks for: the identifier asked for, and the identifiers of the contact it
 * resolved to (`contact.identified` links), so a call by phone finds what was recorded under the
 * contactId and the other way round. Each once, the asked one first, at most `MAX_CALLER_IDENTIFIERS`
 * besides it.
 */
export function callerIdentifiers(
  asked: ContactIdentifier,
  contacts: ReadonlyArray<Parameters<typeof contactIdentifiers>[0]>,
): ContactIdentifier[] {
  return [...new Set([asked, ...contacts.flatMap(contactIdentifiers)])].slice(0, MAX_CALLER_IDENTIFIERS + 1);
}
