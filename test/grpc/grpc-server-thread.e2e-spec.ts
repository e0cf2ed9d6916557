import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { createLogger } from '@app/observability';
import { GrpcServerThread } from '../../apps/hindsight/src/grpc/grpc-server.thread';
import type { GrpcThreadData } from '../../apps/hindsight/src/grpc/grpc-thread.protocol';
import { eventually } from '../support/eventually';
import { makeEvent } from '../support/events';
import { appendAndProject, openReadSide } from '../support/read-side';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';
import { BurstClientThread } from './support/burst-client.thread';
import { HistoryClient } from './support/grpc-clients';

const THREADS = resolve(__dirname, '../../dist/apps/hindsight');
const AT = { seconds: Date.parse('2026-03-22T12:00:00Z') / 1000, nanos: 0 };
const REQUEST = { workspace_id: 'ws-1', inbox_id: 'inbox-1', phone: '+33612345678', at: AT };
const EVENTS = [makeEvent('message.received', 'm-1', { time: '2026-03-21T10:00:00Z' })];

function threadData(store: TestStore, port = 0): GrpcThreadData {
  return {
    store: store.url,
    historyReadConnections: 4,
    host: '127.0.0.1',
    port,
    deadlineMs: 150,
    logLevel: 'silent',
    warmUp: { requests: [], budgetMs: 1000 },
    admissionControl: true,
    shutdownTimeoutMs: 1000,
  };
}

/** The value of one line of the Prometheus text, e.g. `hindsight_history_answer_seconds_bucket{le="0.1"}`. */
function metric(lines: readonly string[], name: string): number {
  const line = lines.find((each) => each.startsWith(`${name} `));
  if (line === undefined) throw new Error(`${name} is not in the figures`);
  return Number(line.slice(name.length + 1));
}

/** Holds this thread (as HTTP ingest holds serve's main thread under load): no timer, no I/O runs meanwhile. Returns when it let go (ms since the epoch). */
function holdThisThread(milliseconds: number): number {
  const now = () => performance.timeOrigin + performance.now();
  const until = now() + milliseconds;
  while (now() < until);
  return now();
}

const burst = (client: HistoryClient, count: number) =>
  Promise.all(Array.from({ length: count }, () => client.getHistory(REQUEST, new Date(Date.now() + 5_000))));

// serve's gRPC server runs in a thread of its own, with its own history reader thread, on either store.
describe.each(TEST_ENGINES())('the gRPC server thread (%s)', (engine) => {
  let store: TestStore;
  let server: GrpcServerThread;
  let client: HistoryClient;

  beforeAll(async () => {
    store = await createTestStore(engine);
    const side = await openReadSide(store.url);
    await appendAndProject(side, EVENTS);
    await side.close();
    server = new GrpcServerThread(threadData(store), createLogger('silent'), { threadDirectory: THREADS, restartMilliseconds: 100 });
    await server.start();
    client = new HistoryClient(server.port!);
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
    await store?.cleanup();
  });

  it('answers while the thread that started it is held', async () => {
    // A first burst opens the reader's connections (PostgreSQL's pool): until then admission sheds some calls.
    await eventually(async () => (await burst(client, 20)).every((answer) => answer.available));
    const caller = new BurstClientThread(server.port!);
    try {
      await caller.burst(5, REQUEST);
      const before = await server.metricsLines();
      // The caller sends from its own thread while this one is held, as HTTP ingest holds serve's main thread:
      // answered in place, the calls would wait for the hold to end.
      const answers = caller.burst(20, REQUEST);
      const heldUntil = holdThisThread(1_000);
      const answered = await answers;
      // Every call answered during the hold, none with an error status (the burst client rejects those). On a
      // loaded machine, with the reader's few PostgreSQL connections and one core held here, admission may answer
      // some `available: false` at once: that is its contract, so only the calls answered with history are counted.
      expect(answered.filter((answer) => answer.arrivedAt >= heldUntil)).toEqual([]);
      const available = answered.filter((answer) => answer.available).length;
      expect(available).toBeGreaterThan(0);
      const after = await server.metricsLines();
      const withHistory = (lines: readonly string[]) => metric(lines, 'hindsight_history_calls_total{outcome="history"}');
      const allCalls = (lines: readonly string[]) =>
        lines
          .filter((line) => line.startsWith('hindsight_history_calls_total{'))
          .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
      expect(withHistory(after) - withHistory(before)).toBe(available);
      expect(allCalls(after) - allCalls(before)).toBe(20);
    } finally {
      await caller.close();
    }
  });

  it('comes back on the same port after its thread dies', async () => {
    const port = server.port!;
    await server.thread!.terminate();
    // Meanwhile a scrape gets no gRPC figures, at once: it does not wait for the restart.
    expect(await server.metricsLines()).toEqual([]);
    await eventually(async () => (await client.getHistory(REQUEST, new Date(Date.now() + 1_000))).available);
    expect(server.port).toBe(port);
    expect(metric(await server.metricsLines(), 'hindsight_history_reader_in_flight')).toBe(0);
  });
});

describe('the gRPC server thread on a port already taken', () => {
  let store: TestStore;
  let taken: Server;

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
  });
  afterAll(async () => {
    await new Promise((closed) => taken.close(closed));
    await store.cleanup();
  });

  it('fails to start with the address in its error, and is not started again', async () => {
    const port = (taken.address() as { port: number }).port;
    const server = new GrpcServerThread(threadData(store, port), createLogger('silent'), {
      threadDirectory: THREADS,
      restartMilliseconds: 50,
    });
    await expect(server.start()).rejects.toThrow(new RegExp(`gRPC cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    await new Promise((done) => setTimeout(done, 200));
    expect(server.thread).toBeUndefined();
  });
});
