import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { fixedClock } from '@app/clock';
import { AuthError } from './auth.errors';
import { JoseTokenVerifier, type TokenKeys } from './jose-token.verifier';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const SECRET = 'a-test-secret-of-at-least-32-characters!';
const clock = fixedClock(NOW);
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
const encode = (text: string) => new TextEncoder().encode(text);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Build {
  readonly claims?: Record<string, unknown>;
  readonly alg?: string;
  readonly kid?: string;
  readonly key?: Parameters<SignJWT['sign']>[0];
  readonly exp?: number | null;
  readonly nbf?: number;
  readonly iss?: string;
  readonly aud?: string;
}

/** A real token, signed by jose, with every claim a hostile test may want to change. */
async function token({
  claims = { sub: 'camille', ws: 'acme' },
  alg = 'HS256',
  kid,
  key = encode(SECRET),
  exp = NOW_SECONDS + 3600,
  nbf,
  iss,
  aud,
}: Build = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg, ...(kid === undefined ? {} : { kid }) }).setIssuedAt(NOW_SECONDS - 10);
  if (exp !== null) jwt = jwt.setExpirationTime(exp);
  if (nbf !== undefined) jwt = jwt.setNotBefore(nbf);
  if (iss !== undefined) jwt = jwt.setIssuer(iss);
  if (aud !== undefined) jwt = jwt.setAudience(aud);
  return jwt.sign(key);
}

async function refusal(verifier: JoseTokenVerifier, jwt: string): Promise<AuthError> {
  const error = await verifier.verify(jwt).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('JoseTokenVerifier with an HS256 secret', () => {
  const verifier = new JoseTokenVerifier({ kind: 'secret', secret: SECRET }, clock);

  it.each([
    ['an agent token', { sub: 'camille', ws: 'acme' }, { kind: 'agent', userId: 'camille', workspaceId: 'acme' }],
    ['a service token', { sub: 'pbx', scope: 'events:write' }, { kind: 'service', service: 'pbx', scopes: ['events:write'] }],
  ])('accepts %s', async (_name, claims, principal) => {
    await expect(verifier.verify(await token({ claims }))).resolves.toEqual(principal);
  });

  it('accepts a token expired within the clock tolerance, and one not yet valid within it', async () => {
    await expect(verifier.verify(await token({ exp: NOW_SECONDS - 20 }))).resolves.toMatchObject({ kind: 'agent' });
    await expect(verifier.verify(await token({ nbf: NOW_SECONDS + 20 }))).resolves.toMatchObject({ kind: 'agent' });
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['an expired token', () => token({ exp: NOW_SECONDS - 60 }), /has expired/],
    ['a token not valid before an instant still to come', () => token({ nbf: NOW_SECONDS + 120 }), /nbf claim is not accepted/],
    ['a token that never expires', () => token({ exp: null }), /has no exp claim/],
    [
      'a token signed with another secret',
      () => token({ key: encode('another-secret-of-at-least-32-characters') }),
      /signature does not verify/,
    ],
    ['an HS512 token (algorithm not pinned)', () => token({ alg: 'HS512' }), /algorithm is not accepted \(HS256 only\)/],
    ['an HS384 token signed with the secret', () => token({ alg: 'HS384' }), /algorithm is not accepted/],
    [
      'an unsecured token (alg none)',
      async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', ws: 'acme', exp: NOW_SECONDS + 60 })}.`,
      /algorithm is not accepted|malformed/,
    ],
    [
      'a token whose payload was changed (another workspace)',
      async () => {
        const [header, , signature] = (await token()).split('.');
        return `${header}.${b64({ sub: 'camille', ws: 'other', exp: NOW_SECONDS + 3600 })}.${signature}`;
      },
      /signature does not verify/,
    ],
    [
      'a token whose signature was changed',
      async () => {
        const jwt = await token();
        return jwt.slice(0, -2) + (jwt.endsWith('AA') ? 'BB' : 'AA');
      },
      /signature does not verify/,
    ],
    [
      'a token without a signature',
      async () => (await token()).split('.').slice(0, 2).join('.') + '.',
      /malformed|signature does not verify/,
    ],
    ['garbage', async () => 'not-a-token', /malformed/],
    ['three garbage segments', async () => 'a.b.c', /malformed/],
    ['a JSON payload that is not an object', async () => `${b64({ alg: 'HS256' })}.${b64([1, 2])}.sig`, /malformed|signature/],
    ['an agent token without ws', () => token({ claims: { sub: 'camille' } }), /neither a workspace/],
    ['a token without sub', () => token({ claims: { ws: 'acme' } }), /no subject/],
  ])('refuses %s as UNAUTHENTICATED', async (_name, make, reason) => {
    const error = await refusal(verifier, await make());
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(reason);
  });

  it('checks issuer and audience when they are configured', async () => {
    const strict = new JoseTokenVerifier({ kind: 'secret', secret: SECRET, issuer: 'idp', audience: 'hindsight' }, clock);
    await expect(strict.verify(await token({ iss: 'idp', aud: 'hindsight' }))).resolves.toMatchObject({ userId: 'camille' });
    expect((await refusal(strict, await token({ iss: 'other', aud: 'hindsight' }))).message).toMatch(/iss claim is not accepted/);
    expect((await refusal(strict, await token({ iss: 'idp', aud: 'other' }))).message).toMatch(/aud claim is not accepted/);
    expect((await refusal(strict, await token({ aud: 'hindsight' }))).message).toMatch(/no iss claim|iss claim is not accepted/);
  });

  it('with the development key (agents only), refuses a service token even well signed', async () => {
    const development = new JoseTokenVerifier({ kind: 'secret', secret: SECRET, agentsOnly: true }, clock);
    await expect(development.verify(await token())).resolves.toMatchObject({ kind: 'agent' });
    const error = await refusal(development, await token({ claims: { sub: 'pbx', scope: 'events:write' } }));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/agent tokens only/) });
  });
});

describe('JoseTokenVerifier with a JWKS served on loopback (RS256, ES256)', () => {
  let server: Server;
  let url: string;
  let jwks: { keys: JWK[] };
  let answer: 'jwks' | 'error' | 'slow' = 'jwks';
  let fetches = 0;
  let rsa: KeyPair;
  let ec: KeyPair;
  let stranger: KeyPair;
  let rs384: KeyPair;
  const ISSUER = 'https://idp.test';
  const AUDIENCE = 'hindsight';
  const verifierFor = (keys: Partial<Extract<TokenKeys, { kind: 'jwks' }>> = {}) =>
    new JoseTokenVerifier({ kind: 'jwks', url, issuer: ISSUER, audience: AUDIENCE, timeoutMs: 300, ...keys }, clock);
  const signed = (build: Build) => token({ iss: ISSUER, aud: AUDIENCE, ...build });

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    stranger = await generateKeyPair('RS256', { extractable: true });
    rs384 = await generateKeyPair('RS384', { extractable: true });
    jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    };
    server = createServer((_request, response) => {
      fetches += 1;
      if (answer === 'error') return void response.writeHead(500).end('down');
      const send = () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      if (answer === 'slow') setTimeout(send, 1000);
      else send();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    answer = 'jwks';
  });

  it.each([
    ['RS256', 'rsa-1', () => rsa.privateKey],
    ['ES256', 'ec-1', () => ec.privateKey],
  ])('accepts an %s token of a key of the set', async (alg, kid, key) => {
    const verifier = verifierFor();
    const jwt = await signed({ alg, kid, key: key(), claims: { sub: 'voice', scope: 'history:read' } });
    await expect(verifier.verify(jwt)).resolves.toEqual({ kind: 'service', service: 'voice', scopes: ['history:read'] });
  });

  it('fetches the set once, then verifies from its cache', async () => {
    const verifier = verifierFor();
    await verifier.refreshKeys();
    const before = fetches;
    for (let index = 0; index < 5; index += 1) await verifier.verify(await signed({ alg: 'ES256', kid: 'ec-1', key: ec.privateKey }));
    expect(fetches).toBe(before);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    [
      'a token signed by a key outside the set, under a known kid',
      () => signed({ alg: 'RS256', kid: 'rsa-1', key: stranger.privateKey }),
      /signature does not verify/,
    ],
    ['a token whose kid is unknown', () => signed({ alg: 'RS256', kid: 'rsa-9', key: stranger.privateKey }), /no key of the JWKS matches/],
    [
      'an HS256 token (algorithm confusion: not pinned for a JWKS)',
      () => signed({ alg: 'HS256', key: encode(SECRET) }),
      /algorithm is not accepted \(RS256, ES256 only\)/,
    ],
    ['an RS384 token', () => signed({ alg: 'RS384', kid: 'rsa-1', key: rs384.privateKey }), /algorithm is not accepted/],
    [
      'an unsecured token (alg none)',
      async () =>
        `${b64({ alg: 'none' })}.${b64({ sub: 'voice', scope: 'history:read', iss: ISSUER, aud: AUDIENCE, exp: NOW_SECONDS + 60 })}.`,
      /algorithm is not accepted|malformed/,
    ],
    [
      'a token of another issuer',
      () => signed({ alg: 'ES256', kid: 'ec-1', key: ec.privateKey, iss: 'https://evil.test' }),
      /iss claim is not accepted/,
    ],
    [
      'a token for another audience',
      () => signed({ alg: 'ES256', kid: 'ec-1', key: ec.privateKey, aud: 'someone-else' }),
      /aud claim is not accepted/,
    ],
    ['an expired token', () => signed({ alg: 'ES256', kid: 'ec-1', key: ec.privateKey, exp: NOW_SECONDS - 3600 }), /has expired/],
  ])('refuses %s as UNAUTHENTICATED', async (_name, make, reason) => {
    const error = await refusal(verifierFor(), await make());
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(reason);
  });

  it.each([
    ['answers 500', 'error' as const],
    ['answers after the timeout', 'slow' as const],
  ])('when the JWKS %s, says the keys are unavailable (never lets the token in)', async (_name, mode) => {
    answer = mode;
    const error = await refusal(verifierFor(), await signed({ alg: 'ES256', kid: 'ec-1', key: ec.privateKey }));
    expect(error).toMatchObject({ code: 'AUTH_UNAVAILABLE', message: expect.stringMatching(/cannot be fetched/) });
    await expect(verifierFor().refreshKeys()).rejects.toMatchObject({ code: 'AUTH_UNAVAILABLE' });
  });

  it('when nothing listens at the JWKS address, says the keys are unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await refusal(
      verifierFor({ url: `http://127.0.0.1:${port}/jwks` }),
      await signed({ alg: 'ES256', kid: 'ec-1', key: ec.privateKey }),
    );
    expect(error.code).toBe('AUTH_UNAVAILABLE');
  });
});
