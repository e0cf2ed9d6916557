import { CONTACT_INDEX_SCOPE, type ContactDocument, contactIdentifier, contactIdOfKey, contactKey, primaryIdentifier } from '@app/history';
import type { ReadModelStore } from './read-model-store.port';

/**
 * Every identifier of a caller's contact: the one asked for plus those `contact.identified` linked, so
 * a query by phone finds activities recorded under the contactId and the other way round.
 */
export async function resolveContactIdentifiers(
  readModels: ReadModelStore,
  workspaceId: string,
  caller: { readonly contactId?: string; readonly phone?: string },
): Promise<string[]> {
  // By contactId when the caller gives one, else by phone (never by another field the request may carry).
  const asked = primaryIdentifier({ contactId: caller.contactId, phone: caller.phone });
  if (asked === undefined) return [];
  let contactIds: string[];
  if (caller.contactId) {
    contactIds = [caller.contactId];
  } else {
    const linked = await readModels.find({
      index: 'contact-by-identifier',
      workspaceId,
      identifiers: [asked],
      scope: CONTACT_INDEX_SCOPE,
      limit: 1,
    });
    contactIds = linked.flatMap((hit) => contactIdOfKey(workspaceId, hit.key) ?? []);
  }
  const contacts = await readModels.documents<ContactDocument>(
    'contact',
    contactIds.map((contactId) => contactKey(workspaceId, contactId)),
  );
  const identifiers = new Set<string>([asked, ...contactIds.map(contactIdentifier.contactId)]);
  for (const contact of contacts.values()) {
    for (const phone of contact.phones) identifiers.add(contactIdentifier.phone(phone));
    for (const email of contact.emails) identifiers.add(contactIdentifier.email(email));
  }
  return [...identifiers];
}
