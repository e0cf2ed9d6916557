/** What the page reads from an agent token. The server verifies the signature; the page only routes and signs out. */
export interface TokenClaims {
  userId: string;
  workspaceId: string;
  /** Epoch milliseconds, when the token says. */
  expiresAt?: number;
}

const base64UrlDecode = (text: string): string => {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return new TextDecoder().decode(bytes);
};

/** The claims of a JWT's payload, or undefined for anything that is not an agent token. */
export const decodeToken = (token: string): TokenClaims | undefined => {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  let payload: { sub?: unknown; ws?: unknown; exp?: unknown; scope?: unknown };
  try {
    payload = JSON.parse(base64UrlDecode(parts[1])) as typeof payload;
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  if (typeof payload.sub !== 'string' || typeof payload.ws !== 'string' || payload.sub === '' || payload.ws === '') return undefined;
  return {
    userId: payload.sub,
    workspaceId: payload.ws,
    ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}),
  };
};

export const isExpired = (claims: TokenClaims, now: number): boolean => claims.expiresAt !== undefined && claims.expiresAt <= now;
