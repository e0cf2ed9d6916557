/** What a URL asks of the page: `/?contact=<phone|e-mail|contactId>[&conversation=<id>]#token=<jwt>`. */
export interface DeepLink {
  contact?: string;
  conversation?: string;
  token?: string;
}

/**
 * Reads the query with decodeURIComponent, not URLSearchParams: a softphone's `?contact=+33612340000` keeps
 * its `+` (form decoding would turn it into a space and the number into a contactId).
 */
const parameters = (text: string): Map<string, string> => {
  const found = new Map<string, string>();
  for (const pair of text.replace(/^[?#]/, '').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = equals === -1 ? pair : pair.slice(0, equals);
    const raw = equals === -1 ? '' : pair.slice(equals + 1);
    try {
      found.set(decodeURIComponent(key), decodeURIComponent(raw).trim());
    } catch {
      // A malformed escape: the parameter is ignored rather than the page failing.
    }
  }
  return found;
};

export const readDeepLink = (search: string, hash: string): DeepLink => {
  const query = parameters(search);
  const fragment = parameters(hash);
  const contact = query.get('contact');
  const conversation = query.get('conversation');
  const token = fragment.get('token');
  return {
    ...(contact ? { contact } : {}),
    ...(conversation ? { conversation } : {}),
    ...(token ? { token } : {}),
  };
};

/** The URL to show once the token is read: the same page without the token, so it is never bookmarked or shared. */
export const withoutToken = (pathname: string, search: string, hash: string): string => {
  const rest = hash
    .replace(/^#/, '')
    .split('&')
    .filter((pair) => pair !== '' && !pair.startsWith('token='));
  return `${pathname}${search}${rest.length > 0 ? `#${rest.join('&')}` : ''}`;
};

/** The URL of a contact's view, as a softphone would open it. */
export const contactLink = (pathname: string, contact: string, conversation?: string): string =>
  `${pathname}?contact=${encodeURIComponent(contact)}${conversation ? `&conversation=${encodeURIComponent(conversation)}` : ''}`;
