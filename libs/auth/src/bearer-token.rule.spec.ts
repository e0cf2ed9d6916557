import { bearerChallenge, bearerToken, MAX_TOKEN_LENGTH } from './bearer-token.rule';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER   abc.def.ghi', 'abc.def.ghi'],
    ['  Bearer a-b_c.d~e+f/g==  ', 'a-b_c.d~e+f/g=='],
  ])('%j carries the token %j', (header, token) => {
    expect(bearerToken(header)).toEqual({ ok: true, token });
  });

  it.each([
    [undefined, /^no bearer token/],
    ['', /^no bearer token/],
    ['   ', /^no bearer token/],
    ['Basic dXNlcjpwYXNz', /scheme must be Bearer/],
    ['Token abc', /scheme must be Bearer/],
    ['abc.def.ghi', /scheme must be Bearer/],
    ['Bearerabc.def', /scheme must be Bearer/],
    ['Bearer', /malformed/],
    ['Bearer ', /malformed/],
    ['Bearer abc def', /malformed/],
    ['Bearer abc,Bearer def', /malformed/],
    ['Bearer "abc"', /malformed/],
    ['Bearer a=b', /malformed/],
    ['Bearer \u00e9t\u00e9', /malformed/],
    [`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`, /longer than 8192/],
  ])('%j is refused', (header, reason) => {
    const result = bearerToken(header);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('takes a token of the longest length', () => {
    expect(bearerToken(`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH)}`)).toEqual({ ok: true, token: 'a'.repeat(MAX_TOKEN_LENGTH) });
  });
});

describe('bearerChallenge', () => {
  it.each([
    ['missing', undefined, 'Bearer realm="hindsight"'],
    ['invalid_request', undefined, 'Bearer realm="hindsight", error="invalid_request"'],
    ['invalid_token', undefined, 'Bearer realm="hindsight", error="invalid_token"'],
    ['insufficient_scope', 'events:write', 'Bearer realm="hindsight", error="insufficient_scope", scope="events:write"'],
  ] as const)('%s → %s', (kind, scope, challenge) => {
    expect(bearerChallenge(kind, scope)).toBe(challenge);
  });
});
