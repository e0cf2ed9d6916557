import type { ContactDocument } from '../read-model.types';
import { contactIdentifier, contactIdentifiers } from '../contact-identifier';
import { contactKey } from './document-key';
import { type DocumentProjection, type IndexEntry, isNotOlder } from './document-projection';

/**
 * Phones, and e-mails, a contact keeps at most: the first in sorted order, so that the document is the
 * same whatever the arrival order. A real contact has a handful; a producer linking thousands to one
 * contactId (a bug, or on purpose) must not make every link rewrite and re-index a list without end:
 * 20,000 links to one contact took the projector 62 s (each fold copied, sorted and indexed the whole list).
 */
export const MAX_CONTACT_LINKS = 100;

/** `items` (sorted) with `item`, each once, the first `MAX_CONTACT_LINKS` kept; unchanged when it adds nothing. */
function withItem(items: readonly string[], item: string | undefined): readonly string[] {
  if (!item || items.includes(item)) return items;
  if (items.length >= MAX_CONTACT_LINKS && item > items[items.length - 1]) return items;
  return [...items, item].sort().slice(0, MAX_CONTACT_LINKS);
}

/** Contact entries are not per inbox; giving this scope lets a lookup read the index in order. */
export const CONTACT_INDEX_SCOPE = '';

/** Identity: which phones and e-mails belong to which contactId (`contact.identified`). */
export const contactProjection: DocumentProjection<ContactDocument> = {
  collection: 'contact',

  keyOf(event) {
    return event.type === 'contact.identified' ? contactKey(event.data.workspaceId, event.data.contactId) : undefined;
  },

  apply(document, event) {
    if (event.type !== 'contact.identified') return document;
    const { workspaceId, contactId, phone, email, name } = event.data;
    const current = document ?? { workspaceId, contactId, phones: [], emails: [], identifiedAt: event.time };
    const newer = isNotOlder(event.time, current.identifiedAt);
    // The name is the newest one given (an event without a name says nothing about it), whatever the arrival order.
    const renamed = name !== undefined && isNotOlder(event.time, current.namedAt);
    // Identifiers accumulate whatever the order, kept sorted so that the order is not the arrival's either.
    const phones = withItem(current.phones, phone);
    const emails = withItem(current.emails, email);
    return {
      ...current,
      phones,
      emails,
      identifiers: contactIdentifiers({ contactId, phones, emails }),
      ...(renamed ? { name, namedAt: event.time } : {}),
      identifiedAt: newer ? event.time : current.identifiedAt,
    };
  },

  indexEntries(document): IndexEntry[] {
    const identifiers = [...document.phones.map(contactIdentifier.phone), ...document.emails.map(contactIdentifier.email)];
    return identifiers.map((identifier) => ({
      index: 'contact-by-identifier',
      workspaceId: document.workspaceId,
      identifier,
      scope: CONTACT_INDEX_SCOPE,
      sortKey: document.identifiedAt,
    }));
  },
};
