/** Longer is no token we issue: refused before any parsing, so a garbage header costs nothing. */
export const MAX_TOKEN_LENGTH = 8192;

export type BearerTokenResult = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly reason: string };

// RFC 6750 §2.1: "Bearer" (any case, RFC 9110 §11.1), one or more spaces, a b64token.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of an `Authorization: Bearer …` header (HTTP) or `authorization` metadata value (gRPC). */
export function bearerToken(header: string | undefined): BearerTokenResult {
  const value = header?.trim() ?? '';
  if (value === '') return { ok: false, reason: 'no bearer token (authorization: Bearer <token>)' };
  if (value.length > MAX_TOKEN_LENGTH + 7) return { ok: false, reason: `the bearer token is longer than ${MAX_TOKEN_LENGTH} characters` };
  const match = BEARER.exec(value);
  if (match) return { ok: true, token: match[1] };
  return {
    ok: false,
    reason: /^bearer(\s|$)/i.test(value) ? 'the bearer token is malformed' : 'the authorization scheme must be Bearer',
  };
}

/** Why a bearer token was refused, as RFC 6750 §3.1 names it; `missing`: no token was sent (no error code then). */
export type BearerChallengeKind = 'missing' | 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/** The `WWW-Authenticate` value of an answer that refuses a bearer token (RFC 6750 §3). */
export function bearerChallenge(kind: BearerChallengeKind, scope?: string): string {
  const parameters = [`realm="hindsight"`];
  if (kind !== 'missing') parameters.push(`error="${kind}"`);
  if (scope !== undefined) parameters.push(`scope="${scope}"`);
  return `Bearer ${parameters.join(', ')}`;
}
