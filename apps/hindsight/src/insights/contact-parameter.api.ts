/** `:contact` of the desktop's routes, as OpenAPI describes it (parseContactParameter reads it). */
export const CONTACT_PARAM = {
  name: 'contact',
  description:
    'A phone number in international format (starts with + or 00; URL-encoded: %2B33612345678), an e-mail address (contains @), or else a contactId.',
};
