import { createServer, type Server, type Socket, connect } from 'node:net';
import { Client } from 'pg';
import { HistoryCallMetrics } from '../../apps/hindsight/src/grpc';
import { eventually } from '../support/eventually';
import { makeEvent } from '../support/events';
import { createTestDatabase, describeWithPostgres, POSTGRES_ADMIN_URL, type TestDatabase } from '../support/postgres';
import { appendAndProject, openReadSide, type ReadSide } from '../support/read-side';
import { startTestServer, type TestServer } from './support/test-server';

const AT = { seconds: Date.parse('2026-03-22T12:00:00Z') / 1000, nanos: 0 };
const REQUEST = { workspace_id: 'ws-1', inbox_id: 'inbox-1', phone: '+33612345678', at: AT };
const EVENTS = [makeEvent('message.received', 'm-1', { time: '2026-03-21T10:00:00Z' })];

/** `count` concurrent calls, each with a 2 s client deadline: every one must get an answer, never an error status. */
async function burst(server: TestServer, count: number) {
  return Promise.all(Array.from({ length: count }, () => server.client.getHistory(REQUEST, new Date(Date.now() + 2_000))));
}

/** Bursts until one is answered with the history throughout (a first burst also opens the pool's connections). */
const everyCallAnswered = (server: TestServer, count: number) =>
  eventually(async () => [...reasons(await burst(server, count))].join() === 'history');

const reasons = (answers: ReadonlyArray<{ available: boolean; unavailable_reason?: string }>) =>
  new Set(answers.map((answer) => (answer.available ? 'history' : (answer.unavailable_reason ?? '')).replace(/\d+ ms/, 'N ms')));

/** A TCP relay to the PostgreSQL server that the test can cut (connections refused) and restore on the same port. */
class CuttableRelay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    if (this.server?.listening) return;
    this.server = createServer((socket) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const each of [socket, upstream]) {
        this.sockets.add(each);
        each.on('close', () => this.sockets.delete(each));
        each.on('error', () => undefined);
      }
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

describeWithPostgres('GetHistory admission control on PostgreSQL', () => {
  let database: TestDatabase;
  let side: ReadSide;
  let server: TestServer;
  let metrics: HistoryCallMetrics;

  beforeAll(async () => {
    database = await createTestDatabase();
    side = await openReadSide(database.url, '2026-03-22T12:00:00Z');
    await appendAndProject(side, EVENTS);
    metrics = new HistoryCallMetrics();
    server = await startTestServer(side.query, { deadlineMs: 150, metrics });
  });
  afterAll(async () => {
    await server.close();
    await side.close();
    await database.drop();
  });

  it('answers a stalled reader’s calls at once as overloaded, never an error, and recovers to every call answered', async () => {
    await everyCallAnswered(server, 20);
    const locker = new Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE read_model_documents IN ACCESS EXCLUSIVE MODE');
      // The reader was idle: the first calls are let in and answered at the deadline; the rest, seeing it stalled, at once.
      const first = await burst(server, 30);
      expect(first.every((answer) => !answer.available)).toBe(true);
      expect([...reasons(first)].every((reason) => ['deadline exceeded after N ms', 'overloaded'].includes(reason))).toBe(true);
      const second = await burst(server, 30);
      expect(reasons(second)).toEqual(new Set(['overloaded']));
      expect(metrics.shedCount('stalled') + metrics.shedCount('too_slow') + metrics.shedCount('queue_full')).toBeGreaterThanOrEqual(30);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    // Once the stalled queries have come back, every call is answered with the history again.
    await everyCallAnswered(server, 50);
    expect(metrics.answered('rejected')).toBe(0);
  });
});

describeWithPostgres('GetHistory on a PostgreSQL server that refuses connections', () => {
  let database: TestDatabase;
  let relay: CuttableRelay;
  let side: ReadSide;
  let server: TestServer;
  let metrics: HistoryCallMetrics;

  beforeAll(async () => {
    database = await createTestDatabase();
    const target = new URL(POSTGRES_ADMIN_URL);
    relay = new CuttableRelay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.open();
    const relayed = new URL(database.url);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(relay.port);
    side = await openReadSide(relayed.toString(), '2026-03-22T12:00:00Z');
    await appendAndProject(side, EVENTS);
    metrics = new HistoryCallMetrics();
    server = await startTestServer(side.query, { deadlineMs: 150, metrics });
  });
  afterAll(async () => {
    await server.close();
    await relay.open();
    await side.close();
    await relay.cut();
    await database.drop();
  });

  it('opens the breaker after a few refusals and answers at once, then closes it when the store is back', async () => {
    expect((await server.client.getHistory(REQUEST)).available).toBe(true);
    await relay.cut();
    // Sequential calls: the first ones try the store and fail, then the breaker answers without trying.
    const answers = [];
    for (let call = 0; call < 20; call += 1) answers.push(await server.client.getHistory(REQUEST));
    expect(answers.every((answer) => !answer.available && answer.unavailable_reason === 'history store unavailable')).toBe(true);
    expect(metrics.shedCount('store_unavailable')).toBeGreaterThanOrEqual(15);
    expect(metrics.answered('failed')).toBeLessThanOrEqual(5);
    await relay.open();
    // After the cool-down one call probes the store, and its answer closes the breaker.
    await everyCallAnswered(server, 20);
  });
});
