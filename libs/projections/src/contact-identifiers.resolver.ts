import { CONTACT_INDEX_SCOPE, type ContactDocument, contactKey } from '@app/history';
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
  const asked = caller.contactId ? `id:${caller.contactId}` : `tel:${caller.phone}`;
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
    contactIds = linked.map((hit) => hit.key.slice(workspaceId.length + 1));
  }
  const contacts = await readModels.documents<ContactDocument>(
    'contact',
    contactIds.map((contactId) => contactKey(workspaceId, contactId)),
  );
  const identifiers = new Set<string>([asked, ...contactIds.map((contactId) => `id:${contactId}`)]);
  for (const contact of contacts.values()) {
    for (const phone of contact.phones) identifiers.add(`tel:${phone}`);
    for (const email of contact.emails) identifiers.add(`mail:${email}`);
  }
  return [...identifiers];
}
