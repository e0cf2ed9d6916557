import { decodeToken, isExpired, type TokenClaims } from './token.rule';

// jsdom under Jest has no TextEncoder/TextDecoder (every browser has them): Node's are the same WHATWG classes.
Object.assign(globalThis, jest.requireActual<Pick<typeof globalThis, 'TextEncoder' | 'TextDecoder'>>('node:util'));

const base64Url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A JWT as the server signs it (the page never checks the signature, so any will do). */
const jwtOf = (payload: unknown): string =>
  [
    base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
    base64Url(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    'c2lnbmF0dXJl',
  ].join('.');

describe('decodeToken', () => {
  it.each<[string, string, TokenClaims | undefined]>([
    ['an agent token', jwtOf({ sub: 'u-1', ws: 'acme' }), { userId: 'u-1', workspaceId: 'acme' }],
    [
      'with an expiry, in milliseconds',
      jwtOf({ sub: 'u-1', ws: 'acme', exp: 1_800_000_000 }),
      { userId: 'u-1', workspaceId: 'acme', expiresAt: 1_800_000_000_000 },
    ],
    ['an expiry that is not a number is ignored', jwtOf({ sub: 'u-1', ws: 'acme', exp: 'soon' }), { userId: 'u-1', workspaceId: 'acme' }],
    ['other claims are ignored', jwtOf({ sub: 'u-1', ws: 'acme', scope: 'agent', iat: 1 }), { userId: 'u-1', workspaceId: 'acme' }],
    ['UTF-8 in the payload', jwtOf({ sub: 'élodie', ws: 'café' }), { userId: 'élodie', workspaceId: 'café' }],
    ['spaces around the token', `  ${jwtOf({ sub: 'u-1', ws: 'acme' })}\n`, { userId: 'u-1', workspaceId: 'acme' }],
    ['no ws', jwtOf({ sub: 'u-1' }), undefined],
    ['no sub', jwtOf({ ws: 'acme' }), undefined],
    ['an empty sub', jwtOf({ sub: '', ws: 'acme' }), undefined],
    ['an empty ws', jwtOf({ sub: 'u-1', ws: '' }), undefined],
    ['a ws that is not a string', jwtOf({ sub: 'u-1', ws: 42 }), undefined],
    ['a payload that is not JSON', jwtOf('not json'), undefined],
    ['a payload that is null', jwtOf('null'), undefined],
    ['a payload that is a string', jwtOf('"u-1"'), undefined],
    ['a payload that is an array', jwtOf('[]'), undefined],
    ['a payload that is not base64', 'eyJhbGciOiJIUzI1NiJ9.a.c2ln', undefined],
    ['two parts', jwtOf({ sub: 'u-1', ws: 'acme' }).split('.').slice(0, 2).join('.'), undefined],
    ['four parts', `${jwtOf({ sub: 'u-1', ws: 'acme' })}.more`, undefined],
    ['an empty signature', `${jwtOf({ sub: 'u-1', ws: 'acme' }).split('.').slice(0, 2).join('.')}.`, undefined],
    ['base64 padding is not base64url', jwtOf({ sub: 'u-1', ws: 'acme' }).replace('.', '=.'), undefined],
    ['a space inside', jwtOf({ sub: 'u-1', ws: 'acme' }).replace('.', ' .'), undefined],
    ['nothing', '', undefined],
    ['a random word', 'password', undefined],
  ])('%s', (_case, token, expected) => {
    expect(decodeToken(token)).toEqual(expected);
  });

  it('reads base64url, not base64: payloads whose encoding has - and _', () => {
    // "?>" and "?" encode to "Pz4" and "Pz8", "/" and "+" in base64; these subs give both "-" and "_" in base64url.
    const subs = ['>>>', '???', 'a?>b', 'ü~~~'];
    const tokens = subs.map((sub) => jwtOf({ sub, ws: 'acme' }));
    expect(tokens.join('').split('.').join('')).toMatch(/-/);
    expect(tokens.join('').split('.').join('')).toMatch(/_/);
    expect(tokens.map((token) => decodeToken(token)?.userId)).toEqual(subs);
  });

  it('reads payloads of every length, whatever padding base64 would need', () => {
    const subs = ['u', 'u1', 'u12', 'u123', 'u1234', 'u12345'];
    const payloadLengths = new Set(subs.map((sub) => jwtOf({ sub, ws: 'acme' }).split('.')[1].length % 4));
    expect(payloadLengths).toEqual(new Set([0, 2, 3]));
    expect(subs.map((sub) => decodeToken(jwtOf({ sub, ws: 'acme' }))?.userId)).toEqual(subs);
  });
});

describe('isExpired', () => {
  const now = 1_800_000_000_000;
  it.each<[string, TokenClaims, boolean]>([
    ['no expiry never expires', { userId: 'u-1', workspaceId: 'acme' }, false],
    ['an expiry to come', { userId: 'u-1', workspaceId: 'acme', expiresAt: now + 1 }, false],
    ['an expiry now', { userId: 'u-1', workspaceId: 'acme', expiresAt: now }, true],
    ['an expiry past', { userId: 'u-1', workspaceId: 'acme', expiresAt: now - 1 }, true],
  ])('%s', (_case, claims, expected) => {
    expect(isExpired(claims, now)).toBe(expected);
  });

  it('an exp claim in seconds compares with Date.now() in milliseconds', () => {
    const claims = decodeToken(jwtOf({ sub: 'u-1', ws: 'acme', exp: now / 1000 }))!;
    expect([isExpired(claims, now - 1000), isExpired(claims, now)]).toEqual([false, true]);
  });
});
