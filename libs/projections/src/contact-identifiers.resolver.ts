import {
  callerIdentifiers,
  CONTACT_INDEX_SCOPE,
  type ContactDocument,
  type ContactIdentifier,
  contactKey,
  primaryIdentifier,
} from '@app/history';
import { findContact } from './contact-documents.reads';
import type { ContactLookup, ReadModelStore } from './read-model-store.port';

/** How a caller's contact is found: by key when the caller gives its contactId, else by the index of its identifiers. */
export interface CallerContactLookup {
  /** The identifier asked for: contactId when given, else phone, else e-mail (never another field the request may carry). */
  readonly asked: ContactIdentifier;
  readonly contact: ContactLookup;
}

export function callerContactLookup(
  workspaceId: string,
  caller: { readonly contactId?: string; readonly phone?: string; readonly email?: string },
): CallerContactLookup | undefined {
  const asked = primaryIdentifier({ contactId: caller.contactId, phone: caller.phone, email: caller.email });
  if (asked === undefined) return undefined;
  return {
    asked,
    contact: caller.contactId
      ? { collection: 'contact', key: contactKey(workspaceId, caller.contactId) }
      : // The newest contact identified with this phone or e-mail.
        { query: { index: 'contact-by-identifier', workspaceId, identifiers: [asked], scope: CONTACT_INDEX_SCOPE, limit: 1 } },
  };
}

/**
 * Every identifier of a caller's contact: the one asked for plus those `contact.identified` linked, so
 * a query by phone finds activities recorded under the contactId and the other way round.
 */
export async function resolveContactIdentifiers(
  readModels: ReadModelStore,
  workspaceId: string,
  caller: { readonly contactId?: string; readonly phone?: string; readonly email?: string },
): Promise<string[]> {
  const lookup = callerContactLookup(workspaceId, caller);
  if (lookup === undefined) return [];
  const contact = await findContact<ContactDocument>(readModels, lookup.contact);
  return callerIdentifiers(lookup.asked, contact === undefined ? [] : [contact]);
}
