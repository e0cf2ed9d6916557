import type { ContactDocuments, ContactDocumentsQuery, ContactLookup, ReadModelStore } from './read-model-store.port';

/** The caller's contact document, if any (by phone or e-mail the index entry brings it: one read). */
export async function findContact<C>(
  store: Pick<ReadModelStore, 'documents' | 'findDocuments'>,
  lookup: ContactLookup,
): Promise<C | undefined> {
  if ('query' in lookup) return (await store.findDocuments<C>({ ...lookup.query, limit: 1 }))[0];
  return (await store.documents<C>(lookup.collection, [lookup.key])).get(lookup.key);
}

/** The identifiers a contact document lists in `field` (none when it has no such list). */
export function listedIdentifiers(contact: unknown, field: string): string[] {
  const listed = (contact as Record<string, unknown> | undefined)?.[field];
  return Array.isArray(listed) ? listed.filter((identifier): identifier is string => typeof identifier === 'string') : [];
}

/**
 * `findContactDocuments` as reads in a row, for stores where a statement costs no round trip (SQLite)
 * and for those that forward reads: the documents by key and the contact, then what the contact's
 * identifiers find.
 */
export async function findContactDocumentsInSteps<C, T, R>(
  store: Pick<ReadModelStore, 'load' | 'documents' | 'findDocuments' | 'findDocumentsWithReferences'>,
  query: ContactDocumentsQuery,
): Promise<ContactDocuments<C, T, R>> {
  const [byKey, contact] = await Promise.all([store.load(query.documents), findContact<C>(store, query.contact)]);
  const identifiers = [...new Set([...query.query.identifiers, ...listedIdentifiers(contact, query.identifiersField)])];
  const found = await store.findDocumentsWithReferences<T, R>({ ...query.query, identifiers }, query.reference);
  return { ...found, byKey, ...(contact === undefined ? {} : { contact }) };
}
