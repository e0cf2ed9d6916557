import { CONTACT_INDEX_SCOPE, type ContactDocument, contactIdentifier, contactKey, primaryIdentifier } from '@app/history';
import type { ReadModelStore } from './read-model-store.port';

/**
 * Every identifier of a caller's contact: the one asked for plus those `contact.identified` linked, so
 * a query by phone finds activities recorded under the contactId and the other way round.
 */
export async function resolveContactIdentifiers(
  readModels: ReadModelStore,
  workspaceId: string,
  caller: { readonly contactId?: string; readonly phone?: string; readonly email?: string },
): Promise<string[]> {
  // By contactId when the caller gives one, else by phone, else by e-mail (never by another field the request may carry).
  const asked = primaryIdentifier({ contactId: caller.contactId, phone: caller.phone, email: caller.email });
  if (asked === undefined) return [];
  // By phone or e-mail, the linked contact's document comes with its index entry: one read (one round trip on PostgreSQL).
  const contacts = caller.contactId
    ? [...(await readModels.documents<ContactDocument>('contact', [contactKey(workspaceId, caller.contactId)])).values()]
    : await readModels.findDocuments<ContactDocument>({
        index: 'contact-by-identifier',
        workspaceId,
        identifiers: [asked],
        scope: CONTACT_INDEX_SCOPE,
        limit: 1,
      });
  const contactIds = caller.contactId ? [caller.contactId] : contacts.map((contact) => contact.contactId);
  const identifiers = new Set<string>([asked, ...contactIds.map(contactIdentifier.contactId)]);
  for (const contact of contacts) {
    for (const phone of contact.phones) identifiers.add(contactIdentifier.phone(phone));
    for (const email of contact.emails) identifiers.add(contactIdentifier.email(email));
  }
  return [...identifiers];
}
