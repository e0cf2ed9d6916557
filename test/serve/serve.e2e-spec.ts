import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { CLI, type CliResult, finished, readyLine, REPOSITORY, startCli } from '../support/cli';
import { Client } from 'pg';
import { describeWithPostgres, POSTGRES_ADMIN_URL } from '../support/postgres';
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
    // The voice agent's calls in /metrics: answers by outcome and time, the reader's queue, the event loop.
    const metrics = await (await fetch(`${addresses.http}/metrics`)).text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}.]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('hindsight_history_calls_total{outcome="history"}')).toBeGreaterThanOrEqual(1);
    expect(value('hindsight_history_calls_total{outcome="rejected"}')).toBe(1);
    expect(value('hindsight_history_answer_seconds_count')).toBe(
      value('hindsight_history_calls_total{outcome="history"}') + value('hindsight_history_calls_total{outcome="rejected"}'),
    );
    expect(value('hindsight_history_reader_in_flight')).toBe(0);
    expect(value('hindsight_history_store_breaker_open')).toBe(0);
    expect(value('hindsight_event_loop_delay_seconds{quantile="0.99"}')).toBeGreaterThanOrEqual(0);

    server.kill('SIGTERM');
    const result = await exit;
    expect(result.code).toBe(0);
  });

  it('stops at once on SIGTERM though a client holds a connection on which it never sent a request', async () => {
    const restarted = startCli(['serve', '--store', store.url, '--grpc-port', '0', '--http-port', '0']);
    const stopped = finished(restarted);
    const { http } = await readyLine(restarted);
    const url = new URL(http);
    // A spare socket (HTTP clients open them ahead) or a silent one: connected, nothing sent.
    const silent = connect(Number(url.port), url.hostname);
    await once(silent, 'connect');
    const closedByServer = once(silent, 'close');
    const started = Date.now();
    restarted.kill('SIGTERM');
    expect((await stopped).code).toBe(0);
    await closedByServer;
    // Not a timing figure: this socket never closes by itself, so held, the close would wait for the headers
    // timeout (60 s); the bound only tells that apart from a prompt close on a loaded machine.
    expect(Date.now() - started).toBeLessThan(15_000);
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

// A table lock from another session holds the store's figures (SQLite with its store locked by another
// process: locked-store.e2e-spec.ts).
describeWithPostgres('hindsight serve on a store that stops answering', () => {
  let store: TestStore;
  let server: ChildProcess;
  let http: string;

  beforeAll(async () => {
    store = await createTestStore('postgres');
    server = startCli(['serve', '--store', store.url, '--grpc-port', '0', '--http-port', '0'], { HINDSIGHT_GRPC_WARMUP_CALLS: '0' });
    http = (await readyLine(server)).http;
  });
  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    await store.cleanup();
  });

  it('still serves /metrics, without the store figures, while its event log is locked', async () => {
    const scrape = async () => {
      const response = await fetch(`${http}/metrics`);
      return { status: response.status, text: await response.text() };
    };
    expect((await scrape()).text).toMatch(/^hindsight_metrics_store_answered 1$/m);
    const locker = new Client({ connectionString: store.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      const locked = await scrape();
      expect(locked.status).toBe(200);
      expect(locked.text).toMatch(/^hindsight_metrics_store_answered 0$/m);
      expect(locked.text).not.toContain('hindsight_event_store_head_position');
      expect(locked.text).toContain('hindsight_history_calls_total');
      expect(locked.text).toContain('hindsight_event_loop_delay_seconds');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const text = (await scrape()).text;
    expect(text).toMatch(/^hindsight_metrics_store_answered 1$/m);
    expect(text).toMatch(/^hindsight_event_store_head_position \d+$/m);
  });
});

/** A command that must fail to start: it ends by itself (the killer is a safety net), exit 1, never ready. */
async function failedStart(child: ChildProcess): Promise<CliResult> {
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const result = await finished(child).finally(() => clearTimeout(killer));
  expect(result.signal).toBeNull();
  expect(result.code).toBe(1);
  expect(result.stdout).not.toContain('"ready":true');
  return result;
}

/** What a person reads on stderr (pino's JSON log lines aside): exactly one line, no stack trace. */
function theOneLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^hindsight: /);
  return lines[0];
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
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
    const line = theOneLine(await failedStart(child));
    expect(line).toMatch(message);
    expect(line.match(message)![1]).toBe(String(port));
  });
});

// A store it cannot open or a bad setting: one line naming the cause, exit 1 within seconds, never a live process that does not serve.
describe('hindsight serve and consume when they cannot start', () => {
  const PASSWORD = 'not-for-your-eyes-42';
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'hindsight-start-'));
    // Traversable by the unprivileged user of the read-only case.
    chmodSync(directory, 0o755);
    writeFileSync(join(directory, 'a-file'), 'not a directory');
    mkdirSync(join(directory, 'a-directory.db'));
    mkdirSync(join(directory, 'read-only'));
    chmodSync(join(directory, 'read-only'), 0o555);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  // Each command with the flags it needs (serve: any free ports), and without those that would hide a bad setting.
  const commands = [
    ['serve', ['--http-port', '0', '--grpc-port', '0'], []],
    ['consume', ['--kafka', '127.0.0.1:1'], ['--kafka', '127.0.0.1:1']],
  ] as const;

  describe.each(commands)('%s', (command, flags, settingFlags) => {
    const run = (store: string, environment: NodeJS.ProcessEnv = {}) =>
      failedStart(startCli([command, '--store', store, ...flags], environment));

    it('a SQLite path whose directory cannot be created (a file is in the way)', async () => {
      const line = theOneLine(await run(`sqlite:${join(directory, 'a-file', 'hindsight.db')}`));
      expect(line).toMatch(
        new RegExp(`^hindsight: ${command} could not start: cannot open SQLite .*a-file/hindsight\\.db: .*(EEXIST|ENOTDIR)`),
      );
    });

    it('a SQLite path that is a directory', async () => {
      const line = theOneLine(await run(`sqlite:${join(directory, 'a-directory.db')}`));
      expect(line).toMatch(
        new RegExp(`^hindsight: ${command} could not start: cannot open SQLite .*a-directory\\.db: unable to open database file`),
      );
    });

    it('a SQLite path in a directory it may not write (run unprivileged)', async () => {
      // root writes anywhere: the command then runs as nobody, as a service account would.
      const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const child = spawn(CLI, [command, '--store', `sqlite:${join(directory, 'read-only', 'hindsight.db')}`, ...flags], {
        cwd: REPOSITORY,
        env: { ...process.env, HINDSIGHT_LOG_LEVEL: 'warn' },
        stdio: ['pipe', 'pipe', 'pipe'],
        ...unprivileged,
      });
      const line = theOneLine(await failedStart(child));
      expect(line).toMatch(new RegExp(`^hindsight: ${command} could not start: cannot open SQLite .*read-only/hindsight\\.db: `));
    });

    it('a PostgreSQL URL on a closed port, without repeating its password', async () => {
      const port = await freePort();
      const result = await run(`postgres://hindsight:${PASSWORD}@127.0.0.1:${port}/hindsight`);
      expect(theOneLine(result)).toMatch(
        new RegExp(`^hindsight: ${command} could not start: cannot open PostgreSQL store: .*ECONNREFUSED`),
      );
      expect(result.stderr).not.toContain(PASSWORD);
    });

    it.each([
      ['HINDSIGHT_HTTP_PORT', 'abc', 'httpPort', 'must be an integer number'],
      ['HINDSIGHT_HISTORY_DEADLINE_MS', 'soon', 'historyDeadlineMs', 'must be an integer number'],
      ['HINDSIGHT_KAFKA_CONSUMERS', '99', 'kafkaConsumers', 'must not be greater than 16'],
    ])('a bad setting (%s=%s), named once', async (variable, value, field, problem) => {
      const line = theOneLine(await failedStart(startCli([command, '--store', 'sqlite::memory:', ...settingFlags], { [variable]: value })));
      expect(line).toBe(`hindsight: invalid configuration: ${variable} (${field}): ${field} ${problem}`);
    });
  });

  describeWithPostgres('on the local PostgreSQL server', () => {
    it.each(commands)('%s: an unknown database, without repeating the password', async (command, flags) => {
      const url = new URL(POSTGRES_ADMIN_URL);
      url.password = PASSWORD;
      url.pathname = '/hindsight_no_such_database';
      const result = await failedStart(startCli([command, '--store', url.toString(), ...flags]));
      expect(theOneLine(result)).toMatch(
        new RegExp(
          `^hindsight: ${command} could not start: cannot open PostgreSQL store: .*database "hindsight_no_such_database" does not exist`,
        ),
      );
      expect(result.stderr).not.toContain(PASSWORD);
    });
  });
});
