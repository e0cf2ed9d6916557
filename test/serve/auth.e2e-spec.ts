import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DEVELOPMENT_KEY_FILE, signToken, type TokenClaims } from '@app/auth';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { type CliResult, finished, readyLine, runCli, startCli } from '../support/cli';
import { createTestStore, type TestStore } from '../support/stores';
import { checkHealth, type GetHistoryRequest, healthClient, HistoryClient } from '../grpc/support/grpc-clients';

const SECRET = 'the-serve-e2e-secret-of-32-characters-at-least';
const KEYED = { HINDSIGHT_JWT_SECRET: SECRET };
const UNAUTHENTICATED = 16;
const PERMISSION_DENIED = 7;

const sign = (claims: TokenClaims, secret = SECRET) => signToken(secret, claims, { lifetimeSeconds: 600, now: new Date() });
const bearer = async (claims: TokenClaims, secret?: string) => ({ authorization: `Bearer ${await sign(claims, secret)}` });

/** A running `serve` (its own process, the built app) on any free ports. */
interface Served {
  readonly child: ChildProcess;
  readonly exit: Promise<CliResult>;
  readonly http: string;
  readonly grpcPort: number;
}

async function serve(store: string, environment: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = startCli(['serve', '--store', store, '--grpc-port', '0', '--http-port', '0'], environment);
  const exit = finished(child);
  const line = await readyLine(child);
  return { child, exit, http: line.http, grpcPort: Number(line.grpc.split(':').at(-1)) };
}

async function stop(served: Served): Promise<CliResult> {
  served.child.kill('SIGTERM');
  const result = await served.exit;
  expect(result.code).toBe(0);
  return result;
}

const logLines = (result: CliResult) =>
  result.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string } & Record<string, unknown>);

describe('hindsight serve with a configured key (HINDSIGHT_JWT_SECRET)', () => {
  const events = Array.from(
    syntheticEvents(40, { seed: 7, contacts: 3, workspaces: 2, inboxesPerWorkspace: 1, end: new Date('2026-11-01T00:00:00Z'), days: 10 }),
  );
  const call = events.find((event) => event.type === 'call.completed')!;
  const data = call.data as { workspaceId: string; inboxId: string; contact: { phone: string }; callId: string };
  const request: GetHistoryRequest = {
    workspace_id: data.workspaceId,
    inbox_id: data.inboxId,
    phone: data.contact.phone,
    at: { seconds: Date.parse('2026-11-01T00:00:00Z') / 1000, nanos: 0 },
  };
  const otherWorkspace = data.workspaceId === 'ws-0' ? 'ws-1' : 'ws-0';
  let store: TestStore;
  let served: Served;
  let client: HistoryClient;

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    served = await serve(store.url, KEYED);
    client = new HistoryClient(served.grpcPort);
  });
  afterAll(async () => {
    client?.close();
    if (served?.child.exitCode === null) served.child.kill('SIGKILL');
    await store?.cleanup();
  });

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${served.http}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };

  it('HTTP ingest: 401 without a token or with a bad one (WWW-Authenticate: Bearer), 403 without the scope', async () => {
    const anonymous = await post(events);
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="hindsight"/);
    expect(await post(events, await bearer({ sub: 'pbx', scope: 'events:write' }, 'a-guessed-secret-of-32-characters-long'))).toMatchObject(
      {
        status: 401,
      },
    );
    expect(await post(events, { authorization: 'Bearer not.a.token' })).toMatchObject({ status: 401 });
    expect(await post(events, await bearer({ sub: 'camille', ws: data.workspaceId }))).toMatchObject({
      status: 403,
      body: { code: 'SCOPE_REQUIRED' },
    });
    expect(await post(events, await bearer({ sub: 'voice', scope: 'history:read' }))).toMatchObject({
      status: 403,
      body: { code: 'SCOPE_REQUIRED' },
    });
  });

  it('HTTP ingest: a token restricted to one workspace stores its events and rejects the others one by one', async () => {
    const response = await post(events, await bearer({ sub: 'pbx', scope: 'events:write', ws: data.workspaceId }));
    const mine = events.filter((event) => (event.data as { workspaceId: string }).workspaceId === data.workspaceId).length;
    expect(mine).toBeGreaterThan(0);
    expect(mine).toBeLessThan(events.length);
    expect(response).toMatchObject({ status: 200, body: { accepted: mine, rejected: events.length - mine } });
  });

  it('HTTP ingest: an events:write token of every workspace stores the rest', async () => {
    const response = await post(events, await bearer({ sub: 'pbx', scope: 'events:write' }));
    expect(response).toMatchObject({ status: 200, body: { rejected: 0, duplicates: expect.any(Number) } });
    expect((response.body.accepted as number) + (response.body.duplicates as number)).toBe(events.length);
  });

  it.each<[string, () => Promise<Record<string, string | string[]>>]>([
    ['no authorization metadata', async () => ({})],
    ['a garbage token', async () => ({ authorization: 'Bearer garbage' })],
    ['another scheme', async () => ({ authorization: 'Basic dm9pY2U6c2VjcmV0' })],
    ['a token signed with another secret', () => bearer({ sub: 'voice', scope: 'history:read' }, 'a-guessed-secret-of-32-characters-long')],
    [
      'an expired token',
      async () => ({
        authorization: `Bearer ${await new SignJWT({ sub: 'voice', scope: 'history:read' })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
          .sign(new TextEncoder().encode(SECRET))}`,
      }),
    ],
    [
      'an unsecured token (alg none)',
      async () => {
        const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
        return { authorization: `Bearer ${part({ alg: 'none' })}.${part({ sub: 'voice', scope: 'history:read', exp: 4102444800 })}.` };
      },
    ],
  ])('gRPC GetHistory with %s: UNAUTHENTICATED', async (_name, metadata) => {
    await expect(client.getHistory(request, undefined, await metadata())).rejects.toMatchObject({ code: UNAUTHENTICATED });
  });

  it.each<[string, TokenClaims]>([
    ['an events:write token', { sub: 'pbx', scope: 'events:write' }],
    ['an agent token of the workspace', { sub: 'camille', ws: 'ws-0' }],
    ['a history:read token of another workspace', { sub: 'voice', scope: 'history:read', ws: 'OTHER' }],
  ])('gRPC GetHistory with %s: PERMISSION_DENIED', async (_name, claims) => {
    const resolved = claims.ws === 'OTHER' ? { ...claims, ws: otherWorkspace } : claims;
    await expect(client.getHistory(request, undefined, await bearer(resolved))).rejects.toMatchObject({ code: PERMISSION_DENIED });
  });

  it('gRPC GetHistory with history:read (every workspace, or restricted to the request one): the history', async () => {
    for (const claims of [
      { sub: 'voice', scope: 'history:read' },
      { sub: 'voice', scope: 'history:read events:write', ws: data.workspaceId },
    ]) {
      const metadata = await bearer(claims);
      let answer = await client.getHistory(request, undefined, metadata);
      for (let attempt = 0; attempt < 100 && !answer.activities.some((activity) => activity.id === data.callId); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await client.getHistory(request, undefined, metadata);
      }
      expect(answer.available).toBe(true);
      expect(answer.activities.map((activity) => activity.id)).toContain(data.callId);
    }
  });

  it('gRPC health needs no token (probes and load balancers)', async () => {
    const health = healthClient(served.grpcPort);
    try {
      await expect(checkHealth(health, '')).resolves.toEqual({ status: 'SERVING' });
    } finally {
      health.close();
    }
  });

  it('restarted on that store, warms up through its authenticated gRPC port (its own calls pass), then stops', async () => {
    await stop(served);
    const restarted = await serve(store.url, { ...KEYED, HINDSIGHT_LOG_LEVEL: 'info', HINDSIGHT_GRPC_WARMUP_CALLS: '5' });
    const second = new HistoryClient(restarted.grpcPort);
    try {
      await expect(second.getHistory(request)).rejects.toMatchObject({ code: UNAUTHENTICATED });
    } finally {
      second.close();
    }
    const result = await stop(restarted);
    expect(logLines(result).find((line) => line.msg === 'gRPC read path warmed up')).toMatchObject({ calls: 5, failed: 0 });
    expect(logLines(result).find((line) => line.name === 'hindsight-auth')).toMatchObject({ keys: 'secret' });
    // A configured key: the development key is never created.
    expect(existsSync(join(dirname(store.url.slice('sqlite:'.length)), DEVELOPMENT_KEY_FILE))).toBe(false);
  });
});

describe('hindsight serve with an identity provider (HINDSIGHT_JWKS_URL, ES256)', () => {
  const ISSUER = 'https://idp.test';
  const AUDIENCE = 'hindsight';
  const request: GetHistoryRequest = { workspace_id: 'acme', inbox_id: 'support', phone: '+33612340000' };
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwks: Server;
  let mode: 'answer' | 'hang' = 'answer';
  const hanging: ServerResponse[] = [];
  let store: TestStore;

  const idpToken = (claims: TokenClaims, overrides: { iss?: string; alg?: string } = {}) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: overrides.alg ?? 'ES256', kid: 'idp-1' })
      .setIssuer(overrides.iss ?? ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('10m')
      .sign(overrides.alg === 'HS256' ? new TextEncoder().encode(SECRET) : keys.privateKey);

  const environment = (url: string) => ({ HINDSIGHT_JWKS_URL: url, HINDSIGHT_JWT_ISSUER: ISSUER, HINDSIGHT_JWT_AUDIENCE: AUDIENCE });

  beforeAll(async () => {
    keys = await generateKeyPair('ES256', { extractable: true });
    const set = JSON.stringify({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' }] });
    jwks = createServer((_request, response) => {
      if (mode === 'hang') return void hanging.push(response);
      response.writeHead(200, { 'content-type': 'application/json' }).end(set);
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    store = await createTestStore('sqlite');
  });
  afterAll(async () => {
    for (const response of hanging) response.destroy();
    jwks.closeAllConnections();
    await new Promise((resolve) => jwks.close(resolve));
    await store?.cleanup();
  });

  it("verifies the provider's tokens for ingest and gRPC, and refuses others", async () => {
    mode = 'answer';
    const served = await serve(store.url, environment(`http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`));
    const client = new HistoryClient(served.grpcPort);
    try {
      const voice = { authorization: `Bearer ${await idpToken({ sub: 'voice', scope: 'history:read' })}` };
      await expect(client.getHistory(request, undefined, voice)).resolves.toMatchObject({ available: true });
      for (const forged of [
        await idpToken({ sub: 'voice', scope: 'history:read' }, { alg: 'HS256' }),
        await idpToken({ sub: 'voice', scope: 'history:read' }, { iss: 'https://evil.test' }),
        await sign({ sub: 'voice', scope: 'history:read' }),
      ]) {
        await expect(client.getHistory(request, undefined, { authorization: `Bearer ${forged}` })).rejects.toMatchObject({
          code: UNAUTHENTICATED,
        });
      }
      const ingest = await fetch(`${served.http}/v1/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/cloudevents-batch+json',
          authorization: `Bearer ${await idpToken({ sub: 'pbx', scope: 'events:write' })}`,
        },
        body: JSON.stringify(Array.from(syntheticEvents(5, { seed: 3, workspaces: 1 }))),
      });
      expect(ingest.status).toBe(200);
    } finally {
      client.close();
      await stop(served);
    }
  });

  it('when the JWKS cannot be fetched, gRPC answers available: false (never an error) and HTTP 503 AUTH_UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const served = await serve(store.url, environment(`http://127.0.0.1:${port}/jwks`));
    const client = new HistoryClient(served.grpcPort);
    try {
      const voice = { authorization: `Bearer ${await idpToken({ sub: 'voice', scope: 'history:read' })}` };
      await expect(client.getHistory(request, undefined, voice)).resolves.toMatchObject({
        available: false,
        unavailable_reason: 'authentication unavailable',
        activities: [],
      });
      const ingest = await fetch(`${served.http}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents-batch+json', ...voice },
        body: '[]',
      });
      expect(ingest.status).toBe(503);
      expect(await ingest.json()).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
    } finally {
      client.close();
      await stop(served);
    }
  });

  it('when the JWKS hangs, gRPC still answers within the deadline (available: false)', async () => {
    mode = 'hang';
    const served = await serve(store.url, { ...environment(`http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`) });
    const client = new HistoryClient(served.grpcPort);
    try {
      const voice = { authorization: `Bearer ${await idpToken({ sub: 'voice', scope: 'history:read' })}` };
      const started = Date.now();
      await expect(client.getHistory(request, new Date(Date.now() + 1000), voice)).resolves.toMatchObject({
        available: false,
        unavailable_reason: 'authentication timed out',
      });
      // The 150 ms deadline, not the JWKS fetch's 2 s timeout (a generous bound: this is not a timing test).
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      client.close();
      await stop(served);
    }
  });
});

/** What a person reads on stderr (pino's JSON lines aside): one line, no stack. */
function theOneLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('hindsight serve and consume without a key, on a host other than loopback', () => {
  const refused =
    /^hindsight: (serve|consume) could not start: HINDSIGHT_HOST (\S+) is not loopback and no key is configured \(HINDSIGHT_JWT_SECRET or HINDSIGHT_JWKS_URL\)/;

  it.each([
    ['serve', '0.0.0.0', ['--http-port', '0', '--grpc-port', '0']],
    ['serve', '::', ['--http-port', '0', '--grpc-port', '0']],
    ['consume', '0.0.0.0', ['--kafka', '127.0.0.1:1']],
  ])('%s on %s: refuses to start, one line, exit 1', async (command, host, flags) => {
    const directory = mkdtempSync(join(tmpdir(), 'hindsight-exposed-'));
    try {
      const child = startCli([command, '--store', `sqlite:${join(directory, 'hindsight.db')}`, ...flags], { HINDSIGHT_HOST: host });
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const result = await finished(child).finally(() => clearTimeout(killer));
      expect(result).toMatchObject({ code: 1, signal: null });
      expect(result.stdout).not.toContain('"ready":true');
      const line = theOneLine(result);
      expect(line).toMatch(refused);
      expect(line.match(refused)!.slice(1)).toEqual([command, host]);
      // Refused before anything started: no store, no development key.
      expect(existsSync(join(directory, 'hindsight.db'))).toBe(false);
      expect(existsSync(join(directory, DEVELOPMENT_KEY_FILE))).toBe(false);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('serve on 0.0.0.0 starts once a key is configured', async () => {
    const store = await createTestStore('sqlite');
    try {
      const served = await serve(store.url, { ...KEYED, HINDSIGHT_HOST: '0.0.0.0' });
      expect(served.http).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      await stop(served);
    } finally {
      await store.cleanup();
    }
  });
});

describe('the development key of serve (no key configured)', () => {
  let store: TestStore;
  let directory: string;
  const keyFile = () => join(directory, DEVELOPMENT_KEY_FILE);

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    directory = dirname(store.url.slice('sqlite:'.length));
  });
  afterAll(async () => store?.cleanup());

  it('is created on first start, next to the store, readable by its owner only (0600)', async () => {
    expect(existsSync(keyFile())).toBe(false);
    const served = await serve(store.url, { HINDSIGHT_LOG_LEVEL: 'info' });
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    const result = await stop(served);
    expect(logLines(result).find((line) => line.name === 'hindsight-auth')).toMatchObject({
      keys: 'development',
      msg: expect.stringMatching(/development key .*hindsight-development\.key \(created now\)/),
    });
  });

  it('is reused by the next start and by hindsight token, never replaced', async () => {
    const key = readFileSync(keyFile(), 'utf8');
    const served = await serve(store.url, { HINDSIGHT_LOG_LEVEL: 'info' });
    const result = await stop(served);
    expect(logLines(result).find((line) => line.name === 'hindsight-auth')?.msg).not.toMatch(/created now/);
    const minted = await runCli(['token', '--store', store.url, '--user', 'camille', '--workspace', 'acme']);
    expect(minted.code).toBe(0);
    expect(minted.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(readFileSync(keyFile(), 'utf8')).toBe(key);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
  });

  it('lives in HINDSIGHT_DATA_DIR when it is set', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'hindsight-data-'));
    try {
      const other = await createTestStore('sqlite');
      try {
        const served = await serve(other.url, { HINDSIGHT_DATA_DIR: dataDirectory });
        await stop(served);
        expect(statSync(join(dataDirectory, DEVELOPMENT_KEY_FILE)).mode & 0o777).toBe(0o600);
        expect(existsSync(join(dirname(other.url.slice('sqlite:'.length)), DEVELOPMENT_KEY_FILE))).toBe(false);
      } finally {
        await other.cleanup();
      }
    } finally {
      rmSync(dataDirectory, { recursive: true, force: true });
    }
  });

  it('hindsight token refuses a service token with it (agents only), in one line', async () => {
    const result = await runCli(['token', '--store', store.url, '--user', 'pbx', '--scope', 'events:write']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      'hindsight: the development key signs agent tokens only: a service token needs HINDSIGHT_JWT_SECRET (without a key, serve takes ingest and gRPC without a token, on loopback)',
    );
  });
});
