import type { ChildProcess } from 'node:child_process';
import { SignJWT } from 'jose';
import { type HeldStoreLock, lockHistoryReads } from '../../apps/bench/src/store-lock';
import { finished, readyLine, startCli } from '../support/cli';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';
import { type CallMetadata, HistoryClient } from '../grpc/support/grpc-clients';

const SECRET = 'locked-store-e2e-secret-long-enough-for-hs256';
const WS = 'acme';
const PHONE = '+33612340000';
const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));

let sequence = 0;
const event = (type: string, time: string, data: Record<string, unknown>) => ({
  specversion: '1.0',
  id: `locked-${++sequence}`,
  source: 'urn:test',
  type,
  time,
  datacontenttype: 'application/json',
  data: { workspaceId: WS, ...data },
});

const SEED = [
  event('workspace.configured', ago(30), { insightsEnabled: true }),
  event('inbox.configured', ago(30), { inboxId: 'support', name: 'Support', phoneNumber: '+33170000000', historyEnabled: true }),
  event('user.configured', ago(30), { userId: 'alice', name: 'Alice', licenses: ['ai_assist_pro'], inboxIds: ['support'], role: 'agent' }),
  event('contact.identified', ago(30), { contactId: 'c-1', phone: PHONE, name: 'Élodie' }),
  event('call.completed', ago(2), {
    callId: 'call-1',
    conversationId: 'conv-1',
    inboxId: 'support',
    contact: { contactId: 'c-1', phone: PHONE },
    direction: 'inbound',
    status: 'answered',
    startedAt: ago(2),
    endedAt: ago(2),
    handledBy: { kind: 'user', id: 'alice', name: 'Alice' },
  }),
  event('call.transcript.completed', ago(2), {
    callId: 'call-1',
    language: 'fr-FR',
    segments: [
      { speaker: 'contact', text: 'Mon colis n’est pas arrivé, la livraison était prévue lundi.', offsetMs: 0 },
      { speaker: 'user', text: 'Le transporteur indique deux jours de retard.', offsetMs: 4000 },
    ],
  }),
];

interface Timed<T> {
  readonly value: T;
  readonly milliseconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { value, milliseconds: performance.now() - started };
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

/**
 * A store another process locks must not hold serve. On SQLite, node:sqlite reads are synchronous: a read
 * on serve's main thread waiting on the lock would hold its event loop, and with it health, /metrics and
 * the voice agent's deadline; here another process holds the WAL read marks (every read transaction waits
 * ~10 s, whatever the busy timeout), as in `bench:history`'s locked-store run. On PostgreSQL the reads are
 * asynchronous but would wait for the lock as long as it is held, each holding a pooled connection: a
 * transaction holds the read models' tables and the log's in ACCESS EXCLUSIVE mode, and the server
 * cancels serve's statements after the read deadline.
 */
describe.each(TEST_ENGINES())('hindsight serve on %s while another process locks the store', (engine) => {
  let store: TestStore;
  let server: ChildProcess;
  let base: string;
  let history: HistoryClient;
  let agent: Record<string, string>;
  let voice: CallMetadata;
  const request = { workspace_id: WS, inbox_id: 'support', phone: PHONE };
  const insightsPath = `/v1/workspaces/${WS}/contacts/c-1/insights`;

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const storeAnswered = (metrics: string) => /^hindsight_metrics_store_answered (\d)$/m.exec(metrics)?.[1];

  beforeAll(async () => {
    store = await createTestStore(engine);
    server = startCli(['serve', '--store', store.url, '--grpc-port', '0', '--http-port', '0'], {
      HINDSIGHT_JWT_SECRET: SECRET,
      HINDSIGHT_GRPC_WARMUP_CALLS: '0',
    });
    void finished(server);
    const ready = await readyLine(server);
    base = ready.http;
    history = new HistoryClient(Number(ready.grpc.split(':').at(-1)));
    agent = { authorization: `Bearer ${await sign({ sub: 'alice', ws: WS })}` };
    voice = { authorization: `Bearer ${await sign({ sub: 'voice', scope: 'history:read' })}` };
    const ingest = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents-batch+json',
        authorization: `Bearer ${await sign({ sub: 'pbx', scope: 'events:write' })}`,
      },
      body: JSON.stringify(SEED),
    });
    expect(ingest.status).toBe(200);
    await eventually(async () => ((await history.getHistory(request, undefined, voice)).activities.length > 0 ? true : undefined));
    const generated = await fetch(`${base}${insightsPath}`, {
      method: 'POST',
      headers: { ...agent, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: 'conv-1' }),
    });
    expect(generated.status).toBe(201);
    await eventually(async () => ((await get(insightsPath, agent)).status === 200 ? true : undefined));
  }, 60_000);
  afterAll(async () => {
    history?.close();
    if (server?.exitCode === null) server.kill('SIGKILL');
    await store?.cleanup();
  });

  it('keeps answering health, /metrics, the insights API (503) and GetHistory (available: false) in time, then recovers', async () => {
    const before = await get(insightsPath, agent);
    expect(before.status).toBe(200);
    expect(storeAnswered((await get('/metrics')).text)).toBe('1');

    const outcome = await lockHistoryReads(store.url, { postgresTables: ['read_model_index', 'read_model_documents', 'events'] });
    if ('unavailable' in outcome) throw new Error(outcome.unavailable);
    const lock: HeldStoreLock = outcome.held;
    try {
      // Reads of the read models and of the log (`at`: the insights current then, from the log), a few at once.
      const asOf = `${insightsPath}?at=${encodeURIComponent(new Date().toISOString())}`;
      const insights = [insightsPath, asOf, `/v1/workspaces/${WS}/contacts/c-1/timeline`, insightsPath, asOf].map((path) =>
        timed(() => get(path, agent)),
      );
      // They have reached the server and wait on the store: whatever waits on it must not be the event loop.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const health = await timed(() => get('/health'));
      const call = await timed(() => history.getHistory(request, undefined, voice));
      const metrics = await timed(() => get('/metrics'));

      expect(health.value.status).toBe(200);
      expect(health.milliseconds).toBeLessThan(1_000);
      // The deadline is 150 ms: the answer comes from it (or from admission control), not from the store.
      expect(call.value.available).toBe(false);
      expect(call.milliseconds).toBeLessThan(1_000);
      // Left out after 2 s, the store's figures; the rest of the scrape is there.
      expect(metrics.value.status).toBe(200);
      expect(metrics.milliseconds).toBeLessThan(3_500);
      expect(storeAnswered(metrics.value.text)).toBe('0');
      expect(metrics.value.text).toMatch(/^hindsight_history_calls_total\{outcome="history"\} [1-9]/m);
      for (const answer of await Promise.all(insights)) {
        expect(answer.milliseconds).toBeLessThan(3_500);
        expect(answer.value.status).toBe(503);
        expect(answer.value.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.value.headers.get('retry-after')).toBe('5');
        expect(JSON.parse(answer.value.text)).toMatchObject({
          status: 503,
          code: 'STORE_UNAVAILABLE',
          detail: 'the store is unavailable; retry it later',
        });
      }
    } finally {
      await lock.release();
    }

    // Released: the reads waiting on the lock finish, those whose callers gave up are skipped, and every answer is normal again.
    await eventually(async () => (storeAnswered((await get('/metrics')).text) === '1' ? true : undefined));
    const after = await eventually(async () => {
      const answer = await get(insightsPath, agent);
      return answer.status === 200 ? answer : undefined;
    });
    expect(JSON.parse(after.text)).toEqual(JSON.parse(before.text));
    await eventually(async () => ((await history.getHistory(request, undefined, voice)).available ? true : undefined));
    expect((await get('/health')).status).toBe(200);
  }, 60_000);
});
