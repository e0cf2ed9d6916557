/**
 * A contact is known by several identifiers: its contactId once identified, phone numbers and
 * e-mails. Read models index activities under every identifier their event carried; a query resolves
 * the caller's identifier to all identifiers of the same contact (via `contact.identified`), so a query
 * by phone finds activities recorded under the contactId and vice versa, without rewriting history.
 */
export type ContactIdentifier = `id:${string}` | `tel:${string}` | `mail:${string}`;

export interface ContactLike {
  readonly contactId?: string;
  readonly phone?: string;
  readonly email?: string;
}

export function identifiersOf(contact: ContactLike | undefined): ContactIdentifier[] {
  if (!contact) return [];
  const identifiers: ContactIdentifier[] = [];
  if (contact.contactId) identifiers.push(`id:${contact.contactId}`);
  if (contact.phone) identifiers.push(`tel:${contact.phone}`);
  if (contact.email) identifiers.push(`mail:${contact.email}`);
  return identifiers;
}

/** The key a contact is known by: contactId when known, else phone, else e-mail (SPEC). */
export function primaryIdentifier(contact: ContactLike): ContactIdentifier | undefined {
  return identifiersOf(contact)[0];
}
