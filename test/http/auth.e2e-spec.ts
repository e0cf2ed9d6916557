import { statSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Controller, type DynamicModule, Get, Module, Param, type Type } from '@nestjs/common';
import { SignJWT } from 'jose';
import pino from 'pino';
import {
  AgentEndpoint,
  AuthModule,
  CurrentAgent,
  type CurrentAgentIdentity,
  DEVELOPMENT_ISSUER,
  DEVELOPMENT_KEY_FILE,
  FileDevelopmentKeyStore,
  signToken,
  type TokenClaims,
} from '@app/auth';
import { ConfigModule, loadConfig } from '@app/config';
import { EVENT_STORE, type EventStore, EventStoreModule } from '@app/event-store';
import { cloudEvent, VALID_DATA } from '@app/events/testing/event.fixtures';
import { mintToken } from '../../apps/hindsight/src/commands/token.command';
import { createHttpApp, HttpIngestModule, listenHttp } from '../../apps/hindsight/src/http';
import { createTestStore, type TestStore } from '../support/stores';

const SECRET = 'an-e2e-secret-that-is-at-least-32-chars';
const WORKSPACE = 'acme';

/** Stands for the insights controllers of the agent desktop (the lead puts @AgentEndpoint() on them). */
@Controller('v1/workspaces/:ws/contacts/:contact')
@AgentEndpoint()
class AgentOnlyController {
  @Get('insights')
  insights(@CurrentAgent() agent: CurrentAgentIdentity, @Param('contact') contact: string) {
    return { agent, contact };
  }
}

/** A route whose workspace parameter has another name. */
@Controller('v1/teams/:team')
class OtherParameterController {
  @Get()
  @AgentEndpoint({ workspaceParam: 'team' })
  team(@CurrentAgent() agent: CurrentAgentIdentity) {
    return agent;
  }
}

@Module({})
class AuthTestModule {}

interface Running {
  readonly url: string;
  readonly store: EventStore;
  close(): Promise<void>;
}

/** The composition of `serve` for HTTP (configuration, store, ingest, auth) with the test-only agent controllers. */
async function start(storeUrl: string, environment: NodeJS.ProcessEnv, options: { auth?: boolean } = {}): Promise<Running> {
  const root: DynamicModule = {
    module: AuthTestModule,
    imports: [
      ConfigModule.forRoot(loadConfig(environment, { store: storeUrl })),
      EventStoreModule.forRoot(),
      HttpIngestModule.register({ logger: pino({ level: 'silent' }) }),
      ...(options.auth === false ? [] : [AuthModule.forRoot()]),
    ],
    controllers: [AgentOnlyController, OtherParameterController] as Type<unknown>[],
  };
  const app = await createHttpApp(root);
  const address = await listenHttp(app, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${address.port}`, store: app.get<EventStore>(EVENT_STORE), close: () => app.close() };
}

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (claims: TokenClaims, key: Uint8Array | string = SECRET, issuer?: string) =>
  signToken(key, claims, { lifetimeSeconds: 3600, issuer, now: new Date() });
const agentToken = (ws = WORKSPACE, key?: Uint8Array | string, issuer?: string) => sign({ sub: 'camille', ws }, key, issuer);
const serviceToken = (scope: string, ws?: string) => sign({ sub: 'pbx', scope, ...(ws === undefined ? {} : { ws }) });

const problem = (status: number, code: string, detail: unknown = expect.any(String)) => ({
  type: 'about:blank',
  title: STATUS_CODES[status],
  status,
  detail,
  code,
});

async function call(url: string, path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(`${url}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

const insightsPath = (ws = WORKSPACE) => `/v1/workspaces/${encodeURIComponent(ws)}/contacts/%2B33612340000/insights`;
const event = (id: string, workspaceId: string) =>
  cloudEvent('message.received', { ...VALID_DATA['message.received'], workspaceId }, { id });
const postEvents = (url: string, body: unknown, token?: string, contentType = 'application/cloudevents+json') =>
  call(url, '/v1/events', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': contentType }, token });

async function storedIds(store: EventStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const stored of store.readAll()) ids.push(stored.eventId);
  return ids;
}

describe('auth on the HTTP surface, with a configured HS256 secret', () => {
  let testStore: TestStore;
  let running: Running;
  let url: string;

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    running = await start(testStore.url, { HINDSIGHT_JWT_SECRET: SECRET });
    url = running.url;
  });
  afterAll(async () => {
    await running?.close();
    await testStore?.cleanup();
  });

  describe('an agent endpoint (@AgentEndpoint)', () => {
    it('lets an agent of the path workspace in, and gives the handler who it is (@CurrentAgent)', async () => {
      const response = await call(url, insightsPath(), { token: await agentToken() });
      expect(response).toMatchObject({
        status: 200,
        body: { agent: { userId: 'camille', workspaceId: WORKSPACE }, contact: '+33612340000' },
      });
    });

    it('reads the workspace from the parameter it is told', async () => {
      expect(await call(url, '/v1/teams/acme', { token: await agentToken() })).toMatchObject({ status: 200, body: { userId: 'camille' } });
      expect(await call(url, '/v1/teams/other', { token: await agentToken() })).toMatchObject({ status: 403 });
    });

    it('without a token: 401 UNAUTHENTICATED with WWW-Authenticate: Bearer', async () => {
      const response = await call(url, insightsPath());
      expect(response).toMatchObject({ status: 401, body: problem(401, 'UNAUTHENTICATED', expect.stringMatching(/no bearer token/)) });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="hindsight"');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it.each<[string, () => Promise<string>, RegExp]>([
      [
        'an expired token',
        () =>
          new SignJWT({ sub: 'camille', ws: WORKSPACE })
            .setProtectedHeader({ alg: 'HS256' })
            .setExpirationTime(now() - 120)
            .sign(new TextEncoder().encode(SECRET)),
        /expired/,
      ],
      [
        'a token without exp',
        () => new SignJWT({ sub: 'camille', ws: WORKSPACE }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET)),
        /no exp claim/,
      ],
      [
        'an unsecured token (alg none)',
        async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'camille', ws: WORKSPACE, exp: now() + 600 })}.`,
        /./,
      ],
      [
        'an HS512 token signed with the secret',
        () =>
          new SignJWT({ sub: 'camille', ws: WORKSPACE })
            .setProtectedHeader({ alg: 'HS512' })
            .setExpirationTime(now() + 600)
            .sign(new TextEncoder().encode(SECRET)),
        /algorithm is not accepted/,
      ],
      [
        'a token signed with another secret',
        () => agentToken(WORKSPACE, 'another-secret-that-is-at-least-32-chars'),
        /signature does not verify/,
      ],
      [
        "another workspace's token rewritten to this workspace",
        async () => {
          const [header, , signature] = (await agentToken('other')).split('.');
          return `${header}.${b64({ sub: 'camille', ws: WORKSPACE, exp: now() + 600 })}.${signature}`;
        },
        /signature does not verify/,
      ],
      ['garbage', async () => 'garbage', /malformed/],
    ])('with %s: 401, invalid_token', async (_name, make, detail) => {
      const response = await call(url, insightsPath(), { token: await make() });
      expect(response).toMatchObject({ status: 401, body: problem(401, 'UNAUTHENTICATED', expect.stringMatching(detail)) });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="hindsight", error="invalid_token"');
    });

    it.each([
      ['Basic Y2FtaWxsZTpzZWNyZXQ=', /scheme must be Bearer/],
      ['Bearer', /malformed/],
      ['Bearer a b', /malformed/],
    ])('with the header %j: 401, invalid_request', async (authorization, detail) => {
      const response = await call(url, insightsPath(), { headers: { authorization } });
      expect(response).toMatchObject({ status: 401, body: problem(401, 'UNAUTHENTICATED', expect.stringMatching(detail)) });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="hindsight", error="invalid_request"');
    });

    it('an agent of another workspace: 403 WORKSPACE_FORBIDDEN', async () => {
      expect(await call(url, insightsPath('other'), { token: await agentToken() })).toMatchObject({
        status: 403,
        body: problem(403, 'WORKSPACE_FORBIDDEN', 'the token is for workspace "acme", not "other"'),
      });
    });

    it.each([
      ['of every workspace', undefined],
      ['of this very workspace', WORKSPACE],
    ])('a service token %s: 403 AGENT_TOKEN_REQUIRED', async (_name, ws) => {
      const response = await call(url, insightsPath(), { token: await serviceToken('history:read events:write', ws) });
      expect(response).toMatchObject({ status: 403, body: problem(403, 'AGENT_TOKEN_REQUIRED') });
    });

    it('never uses the development key once a key is configured (not created, and a token signed with one is refused)', async () => {
      const directory = dirname(testStore.url.slice('sqlite:'.length));
      expect(() => statSync(join(directory, DEVELOPMENT_KEY_FILE))).toThrow(/ENOENT/);
      const development = await new FileDevelopmentKeyStore(directory).loadOrCreate();
      const response = await call(url, insightsPath(), { token: await agentToken(WORKSPACE, development.secret, DEVELOPMENT_ISSUER) });
      expect(response).toMatchObject({
        status: 401,
        body: problem(401, 'UNAUTHENTICATED', expect.stringMatching(/signature does not verify/)),
      });
    });
  });

  describe('POST /v1/events (@ServiceEndpoint events:write)', () => {
    it('without a token: 401 before the body is looked at, nothing stored', async () => {
      const response = await postEvents(url, event('unauth-1', WORKSPACE));
      expect(response).toMatchObject({ status: 401, body: problem(401, 'UNAUTHENTICATED') });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="hindsight"');
      // Authentication comes first: an anonymous caller learns nothing about what the endpoint accepts.
      expect(await postEvents(url, event('unauth-2', WORKSPACE), undefined, 'text/plain')).toMatchObject({ status: 401 });
      expect(await storedIds(running.store)).not.toEqual(expect.arrayContaining(['unauth-1']));
    });

    it.each([
      ['an agent token', () => agentToken()],
      ['a service token granted history:read only', () => serviceToken('history:read')],
      ['a service token granted nothing', () => serviceToken('')],
      ['a service token granted look-alikes', () => serviceToken('events:write:all EVENTS:WRITE events')],
    ])('with %s: 403 SCOPE_REQUIRED, insufficient_scope', async (_name, token) => {
      const response = await postEvents(url, event('scope-1', WORKSPACE), await token());
      expect(response).toMatchObject({ status: 403, body: problem(403, 'SCOPE_REQUIRED', expect.stringMatching(/events:write/)) });
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="hindsight", error="insufficient_scope", scope="events:write"');
      expect(await storedIds(running.store)).not.toContain('scope-1');
    });

    it('with an expired events:write token: 401', async () => {
      const expired = await new SignJWT({ sub: 'pbx', scope: 'events:write' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(now() - 120)
        .sign(new TextEncoder().encode(SECRET));
      expect(await postEvents(url, event('expired-1', WORKSPACE), expired)).toMatchObject({ status: 401 });
    });

    it('with an events:write token of every workspace: stores events of any workspace', async () => {
      const response = await postEvents(
        url,
        [event('any-1', 'acme'), event('any-2', 'globex')],
        await serviceToken('events:write'),
        'application/cloudevents-batch+json',
      );
      expect(response).toMatchObject({ status: 200, body: { accepted: 2, rejected: 0 } });
    });

    it('with a token restricted to a workspace: a single event of another workspace is 403 WORKSPACE_FORBIDDEN, nothing stored', async () => {
      const token = await serviceToken('events:write', WORKSPACE);
      expect(await postEvents(url, event('mine-1', WORKSPACE), token)).toMatchObject({ status: 200, body: { accepted: 1 } });
      expect(await postEvents(url, event('theirs-1', 'globex'), token)).toMatchObject({
        status: 403,
        body: problem(403, 'WORKSPACE_FORBIDDEN', 'the token is for workspace "acme", not "globex"'),
      });
      expect(await storedIds(running.store)).not.toContain('theirs-1');
    });

    it('with a token restricted to a workspace: in a batch, each event of another workspace is rejected by itself', async () => {
      const token = await serviceToken('events:write', WORKSPACE);
      const response = await postEvents(
        url,
        [event('batch-1', WORKSPACE), event('batch-2', 'globex'), event('batch-3', WORKSPACE)],
        token,
        'application/cloudevents-batch+json',
      );
      expect(response).toMatchObject({
        status: 200,
        body: {
          accepted: 2,
          rejected: 1,
          results: [
            { index: 0, id: 'batch-1', status: 'accepted' },
            {
              index: 1,
              id: 'batch-2',
              status: 'rejected',
              errors: [{ field: 'data.workspaceId', message: 'the token is for workspace "acme", not "globex"' }],
            },
            { index: 2, id: 'batch-3', status: 'accepted' },
          ],
        },
      });
      const stored = await storedIds(running.store);
      expect(stored).toEqual(expect.arrayContaining(['batch-1', 'batch-3']));
      expect(stored).not.toContain('batch-2');
    });

    it('with a token restricted to a workspace: a binary-mode event of another workspace is 403', async () => {
      const response = await call(url, '/v1/events', {
        method: 'POST',
        token: await serviceToken('events:write', WORKSPACE),
        headers: {
          'content-type': 'application/json',
          'ce-specversion': '1.0',
          'ce-id': 'binary-theirs',
          'ce-source': 'urn:pbx',
          'ce-type': 'message.received',
          'ce-time': '2026-03-01T10:04:00Z',
        },
        body: JSON.stringify({ ...VALID_DATA['message.received'], workspaceId: 'globex' }),
      });
      expect(response).toMatchObject({ status: 403, body: problem(403, 'WORKSPACE_FORBIDDEN') });
      expect(await storedIds(running.store)).not.toContain('binary-theirs');
    });
  });

  it('leaves /health open (probes carry no token)', async () => {
    expect(await call(url, '/health')).toMatchObject({ status: 200 });
  });
});

describe('auth on the HTTP surface without a configured key (loopback, development key)', () => {
  let testStore: TestStore;
  let running: Running;
  let url: string;
  let directory: string;

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    directory = dirname(testStore.url.slice('sqlite:'.length));
    running = await start(testStore.url, {});
    url = running.url;
  });
  afterAll(async () => {
    await running?.close();
    await testStore?.cleanup();
  });

  it('creates the development key next to the store, readable by its owner only', () => {
    expect(statSync(join(directory, DEVELOPMENT_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('takes ingest without a token, as before', async () => {
    expect(await postEvents(url, event('open-1', WORKSPACE))).toMatchObject({ status: 200, body: { accepted: 1 } });
  });

  it('still needs an agent token on agent endpoints', async () => {
    expect(await call(url, insightsPath())).toMatchObject({ status: 401, body: problem(401, 'UNAUTHENTICATED') });
  });

  it('accepts the agent token `hindsight token` mints for this store (same development key)', async () => {
    const stdout = new PassThrough();
    await mintToken(loadConfig({}, { store: testStore.url }), { user: 'camille', workspace: WORKSPACE, expires: '1h' }, stdout);
    const token = (stdout.read() as Buffer).toString('utf8').trim();
    expect(await call(url, insightsPath(), { token })).toMatchObject({
      status: 200,
      body: { agent: { userId: 'camille', workspaceId: WORKSPACE } },
    });
    expect(await call(url, insightsPath('other'), { token })).toMatchObject({ status: 403, body: problem(403, 'WORKSPACE_FORBIDDEN') });
  });

  it.each<[string, (secret: Uint8Array) => Promise<string>, RegExp]>([
    [
      'a service token signed with the development key',
      (secret) =>
        signToken(
          secret,
          { sub: 'pbx', scope: 'events:write', ws: WORKSPACE },
          { lifetimeSeconds: 600, issuer: DEVELOPMENT_ISSUER, now: new Date() },
        ),
      /agent tokens only/,
    ],
    ['an agent token of the development key without its issuer', (secret) => agentToken(WORKSPACE, secret), /iss claim/],
    [
      'an agent token signed with a guessable secret',
      () => agentToken(WORKSPACE, 'x'.repeat(32), DEVELOPMENT_ISSUER),
      /signature does not verify/,
    ],
  ])('refuses %s: 401', async (_name, make, detail) => {
    const { secret } = await new FileDevelopmentKeyStore(directory).loadOrCreate();
    expect(await call(url, insightsPath(), { token: await make(secret) })).toMatchObject({
      status: 401,
      body: problem(401, 'UNAUTHENTICATED', expect.stringMatching(detail)),
    });
  });
});

describe('an app composed without AuthModule', () => {
  it('fails closed on agent endpoints (500, never let in), and leaves ingest as it was', async () => {
    const testStore = await createTestStore('sqlite');
    const running = await start(testStore.url, {}, { auth: false });
    try {
      expect(await call(running.url, insightsPath(), { token: await agentToken() })).toMatchObject({
        status: 500,
        body: problem(500, 'INTERNAL_ERROR'),
      });
      expect(await postEvents(running.url, event('no-auth-module-1', WORKSPACE))).toMatchObject({ status: 200 });
    } finally {
      await running.close();
      await testStore.cleanup();
    }
  });
});
