import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** What the agent typed, read the way the API reads `:contact`. */
export type ContactQuery =
  | { kind: 'phone'; parameter: string }
  | { kind: 'email'; parameter: string }
  | { kind: 'contactId'; parameter: string }
  | { kind: 'empty' };

const NATIONAL_PHONE = /^\(?0[\d\s.()-]{5,}$/;

/**
 * `+…` or `00…` is an international number, normalised to E.164 when it is a possible number (else sent as
 * typed, for the API to refuse by name); a national number (`06 12 34 00 00`) is read in the country of the
 * agent's inboxes; text with `@` is an e-mail address; anything else is a contactId.
 */
export const readContactQuery = (typed: string, country?: CountryCode): ContactQuery => {
  const text = typed.trim();
  if (text === '') return { kind: 'empty' };
  if (text.includes('@')) return { kind: 'email', parameter: text };
  const international = text.startsWith('+') || /^00\s*\d/.test(text);
  if (international) {
    const number = parsePhoneNumberFromString(text.startsWith('00') ? `+${text.slice(2).trimStart()}` : text);
    return { kind: 'phone', parameter: number?.isPossible() ? number.number : text.replace(/[\s.()-]/g, '') };
  }
  if (country && NATIONAL_PHONE.test(text)) {
    const number = parsePhoneNumberFromString(text, country);
    if (number?.isPossible()) return { kind: 'phone', parameter: number.number };
  }
  return { kind: 'contactId', parameter: text };
};

/** The country national numbers are read in: that of the first of the agent's inboxes with a phone number. */
export const inboxCountry = (phoneNumbers: readonly (string | undefined)[]): CountryCode | undefined => {
  for (const phoneNumber of phoneNumbers) {
    const country = phoneNumber ? parsePhoneNumberFromString(phoneNumber)?.country : undefined;
    if (country) return country;
  }
  return undefined;
};
