import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { finished, readyLine, startCli } from '../support/cli';
import { createTestStore, type TestStore } from '../support/stores';
import { HistoryClient, isoFromTimestamp } from '../grpc/support/grpc-clients';

describe('hindsight serve (one process: HTTP ingest, projections, gRPC)', () => {
  let store: TestStore;
  let server: ChildProcess;
  let exit: ReturnType<typeof finished>;
  let addresses: { http: string; grpc: string };
  let client: HistoryClient;

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    server = startCli(['serve', '--store', store.url, '--grpc-port', '0', '--http-port', '0']);
    exit = finished(server);
    const line = await readyLine(server);
    addresses = { http: line.http, grpc: line.grpc };
    client = new HistoryClient(Number(addresses.grpc.split(':').at(-1)));
  });
  afterAll(async () => {
    client?.close();
    if (server.exitCode === null) server.kill('SIGKILL');
    await store.cleanup();
  });

  it('runs on the pinned Node with the options of bin/node-options.sh (what the benchmarks run too)', () => {
    // bin/hindsight execs Node, so the child's pid is the server's.
    const commandLine = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(commandLine[0]).toMatch(/node_modules\/node\/bin\/node$/);
    const main = commandLine.findIndex((argument) => argument.endsWith('dist/apps/hindsight/main.js'));
    expect(commandLine.slice(1, main)).toEqual(['--enable-source-maps', '--max-semi-space-size=4']);
    expect(commandLine.slice(main + 1)).toEqual(['serve', '--store', store.url, '--grpc-port', '0', '--http-port', '0']);
  });

  it('makes an event posted over HTTP queryable over gRPC, then stops gracefully on SIGTERM', async () => {
    const events = Array.from(
      syntheticEvents(40, { seed: 5, contacts: 3, workspaces: 1, inboxesPerWorkspace: 1, end: new Date('2026-11-01T00:00:00Z'), days: 10 }),
    );
    const response = await fetch(`${addresses.http}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(events),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 40, rejected: 0 });

    const target = events.find((event) => event.type === 'call.completed')!;
    const data = target.data as { inboxId: string; contact: { phone: string }; callId: string };
    const request = {
      workspace_id: 'ws-0',
      inbox_id: data.inboxId,
      phone: data.contact.phone,
      at: { seconds: Date.parse('2026-11-01T00:00:00Z') / 1000, nanos: 0 },
    };
    let answer = await client.getHistory(request);
    for (let attempt = 0; attempt < 100 && !answer.activities.some((activity) => activity.id === data.callId); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await client.getHistory(request);
    }
    expect(answer.available).toBe(true);
    expect(answer.activities.map((activity) => activity.id)).toContain(data.callId);
    expect(isoFromTimestamp(answer.window_end)).toBe('2026-11-01T00:00:00.000Z');
    await expect(client.getHistory({ ...request, phone: 'not a phone' })).rejects.toMatchObject({
      code: 3,
      details: expect.stringContaining('phone'),
    });

    server.kill('SIGTERM');
    const result = await exit;
    expect(result.code).toBe(0);
  });

  it('restarted on that store, first runs known callers through its gRPC port (warm-up)', async () => {
    const restarted = startCli(['serve', '--store', store.url, '--grpc-port', '0', '--http-port', '0'], {
      HINDSIGHT_LOG_LEVEL: 'info',
      HINDSIGHT_GRPC_WARMUP_CALLS: '5',
    });
    const stopped = finished(restarted);
    try {
      await readyLine(restarted);
    } finally {
      restarted.kill('SIGTERM');
    }
    const result = await stopped;
    const logs = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string });
    expect(logs.find((line) => line.msg === 'gRPC read path warmed up')).toMatchObject({ calls: 5, failed: 0 });
    expect(result.code).toBe(0);
  });
});

// A supervisor must see a server that cannot serve fail, not a live process that never says it is ready.
describe('hindsight serve when a port is taken', () => {
  let store: TestStore;
  let taken: Server;
  let port: number;

  beforeAll(async () => {
    store = await createTestStore('sqlite');
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
    await store.cleanup();
  });

  it.each([
    ['HTTP', ['--http-port', 'PORT', '--grpc-port', '0'], /HTTP cannot listen on 127\.0\.0\.1:(\d+): EADDRINUSE/],
    ['gRPC', ['--http-port', '0', '--grpc-port', 'PORT'], /gRPC cannot listen on 127\.0\.0\.1:(\d+): .*EADDRINUSE/],
  ])('exits non-zero with one line naming the %s address', async (_, flags, message) => {
    const child = startCli(['serve', '--store', store.url, ...flags.map((flag) => (flag === 'PORT' ? String(port) : flag))]);
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const result = await finished(child).finally(() => clearTimeout(killer));
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('"ready":true');
    const line = result.stderr.split('\n').find((candidate) => candidate.startsWith('hindsight: '));
    expect(line).toMatch(message);
    expect(line!.match(message)![1]).toBe(String(port));
  });
});
