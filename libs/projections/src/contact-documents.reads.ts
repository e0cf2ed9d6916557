import type { ContactDocuments, ContactDocumentsQuery, ReadModelStore } from './read-model-store.port';

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
  const { contact: wanted } = query;
  const [byKey, contacts] = await Promise.all([
    store.load(query.documents),
    'query' in wanted
      ? store.findDocuments<C>({ ...wanted.query, limit: 1 })
      : store.documents<C>(wanted.collection, [wanted.key]).then((found) => [...found.values()]),
  ]);
  const contact = contacts[0];
  const identifiers = [...new Set([...query.query.identifiers, ...listedIdentifiers(contact, query.identifiersField)])];
  const found = await store.findDocumentsWithReferences<T, R>({ ...query.query, identifiers }, query.reference);
  return { ...found, byKey, ...(contact === undefined ? {} : { contact }) };
}
