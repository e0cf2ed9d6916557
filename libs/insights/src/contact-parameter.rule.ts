import { toE164, toEmail } from '@app/events';

/** What `:contact` of the desktop's API names. */
export type ContactParameter =
  { readonly phone: string } | { readonly email: string } | { readonly contactId: string } | { readonly invalid: string };

/**
 * How the API reads `:contact` (and the desktop's search box): a text starting with `+` or `00` is a phone
 * number in international format (normalised to E.164, any spacing or punctuation), a text with an `@` is
 * an e-mail address (lower-cased), anything else a contactId. So a contactId holding an `@` cannot be
 * looked up by contactId; contact centres' ids are opaque tokens, and the same contact is found by its
 * e-mail or phone.
 */
export function parseContactParameter(text: string): ContactParameter {
  const trimmed = text.trim();
  if (trimmed === '') return { invalid: 'contact must be a contactId, an e-mail address or a phone number in international format' };
  if (trimmed.startsWith('+') || trimmed.startsWith('00')) {
    const phone = toE164(trimmed);
    return phone === undefined
      ? { invalid: `"${trimmed.slice(0, 40)}" is not a phone number in international format, e.g. +33612345678` }
      : { phone };
  }
  if (trimmed.includes('@')) {
    const email = toEmail(trimmed);
    return email === undefined ? { invalid: `"${trimmed.slice(0, 40)}" is not an e-mail address` } : { email };
  }
  return { contactId: trimmed };
}
