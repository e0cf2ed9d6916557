import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { HistoryRequest, HistoryResponse } from '@app/history';
import { isPostgres } from './bench-store';
import type { CallFigures } from './grpc-load';
import type { Load } from './latency';

export interface TransportContext {
  /** The bench's store, projected: what the server answers from. */
  readonly storeUrl: string;
  /** The answer to the first request, for the floors (they answer it to every call). */
  readonly answer: HistoryResponse;
  readonly requests: readonly HistoryRequest[];
  /** serve's fail-open deadline (HINDSIGHT_HISTORY_DEADLINE_MS). */
  readonly deadlineMs: number;
}

export interface MeasureOptions {
  /** Open loop: how long (other loads ignore it). */
  readonly seconds: number;
  /** Untimed calls first. */
  readonly warmup: number;
  /** Answers later than this count as late. */
  readonly lateAfterMs: number;
  /** false: serve's /metrics is not read by the load generator (a locked store would hold it). */
  readonly serverMetrics?: boolean;
}

export interface RunningTransport {
  readonly measure: (load: Load, options: MeasureOptions) => Promise<CallFigures>;
  /** serve's HTTP address (ingest, /metrics); the floors have none. */
  readonly httpUrl?: string;
  readonly stop: () => Promise<void>;
}

export interface Transport {
  readonly name: string;
  start(context: TransportContext): Promise<RunningTransport>;
}

const ROOT = resolve(__dirname, '../../..');

/**
 * The product itself: `bin/hindsight serve` (its Node flags, write-side threads and all) on the
 * bench's store, in its own process; the load comes from another process, as the voice agent's would.
 */
export const grpcTransport: Transport = {
  name: 'gRPC: hindsight serve on loopback',
  start: async ({ storeUrl, requests, deadlineMs }) => {
    // Where serve keeps its development key on PostgreSQL (next to the store on SQLite), and its log: not the working tree.
    const dataDirectory = mkdtempSync(join(tmpdir(), 'hindsight-bench-serve-'));
    const logFile = join(dataDirectory, 'serve.log');
    const log = openSync(logFile, 'w');
    const server = spawn(join(ROOT, 'bin/hindsight'), ['serve', '--store', storeUrl, '--grpc-port', '0', '--http-port', '0'], {
      // Its log goes to a file, summarised at the end: a warning per fail-open answer is part of what serve does under
      // load (as in production), but thousands of lines would bury the tables.
      stdio: ['ignore', 'pipe', log],
      env: {
        ...process.env,
        HINDSIGHT_LOG_LEVEL: 'warn',
        HINDSIGHT_HISTORY_DEADLINE_MS: String(deadlineMs),
        HINDSIGHT_DATA_DIR: dataDirectory,
      },
    });
    closeSync(log);
    const cleanup = () => {
      console.log(summariseLog(logFile));
      rmSync(dataDirectory, { recursive: true, force: true });
    };
    const running = await loadAgainst(server, requests, { databaseCpu: onThisMachine(storeUrl) }).catch((error: unknown) => {
      cleanup();
      throw error;
    });
    return { ...running, stop: () => running.stop().finally(cleanup) };
  },
};

/** serve's log lines, counted by level and message (the first error or fatal line quoted whole). */
function summariseLog(logFile: string): string {
  const counts = new Map<string, number>();
  let firstError: string | undefined;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let entry: { level?: number; msg?: string };
    try {
      entry = JSON.parse(line) as { level?: number; msg?: string };
    } catch {
      entry = { msg: line };
    }
    const level = entry.level === undefined ? 'text' : entry.level >= 50 ? 'error' : entry.level >= 40 ? 'warn' : 'info';
    if (level === 'error' || level === 'text') firstError ??= line.slice(0, 500);
    const key = `${level} "${entry.msg ?? ''}"`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) return "serve's log: no warning, no error";
  const lines = [...counts].map(([key, count]) => `${count.toLocaleString('en-US')} × ${key}`).join(', ');
  return `serve's log: ${lines}${firstError === undefined ? '' : `\n  first: ${firstError}`}`;
}

/**
 * The same gRPC server code with the read model taken out: every call gets one recorded answer at
 * once, in a process started with serve's Node options (bin/node-options.sh). What is left is the cost of gRPC over HTTP/2 in Node on
 * this machine, the floor under the row above.
 */
export const grpcFloorTransport: Transport = {
  name: 'gRPC floor: same server code, a recorded answer',
  start: (context) => recordedAnswerServer(context, []),
};

/**
 * Node's HTTP/2 answering the same recorded response, already encoded, with no gRPC library: the
 * floor under any Node server on this machine, with this client on the same two cores.
 */
export const http2FloorTransport: Transport = {
  name: 'HTTP/2 floor: node:http2, no gRPC library, a recorded answer',
  start: (context) => recordedAnswerServer(context, ['--bare-http2']),
};

/** Answer files written so far by this process: each floor's server reads its own. */
let answerFiles = 0;

async function recordedAnswerServer({ answer, requests }: TransportContext, flags: readonly string[]): Promise<RunningTransport> {
  const answerFile = join(tmpdir(), `hindsight-grpc-floor-${process.pid}-${(answerFiles += 1)}.json`);
  writeFileSync(answerFile, JSON.stringify(answer));
  const server = spawn(join(ROOT, 'bin/bench'), ['grpc-floor', '--answer', answerFile, ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const running = await loadAgainst(server, requests, { databaseCpu: false });
  return { measure: running.measure, stop: () => running.stop().finally(() => rmSync(answerFile, { force: true })) };
}

/** A PostgreSQL store on this machine (loopback or its socket), whose processes share the cores with the server. */
function onThisMachine(storeUrl: string): boolean {
  if (!isPostgres(storeUrl)) return false;
  const host = new URL(storeUrl).hostname;
  return host === '' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** Waits for the server's ready line, then runs the load generator child against its gRPC port. */
async function loadAgainst(
  server: ChildProcess,
  requests: readonly HistoryRequest[],
  { databaseCpu }: { readonly databaseCpu: boolean },
): Promise<RunningTransport> {
  const exited = once(server, 'exit');
  const { port, httpUrl } = await readyAddresses(server).catch((error: unknown) => {
    server.kill('SIGKILL');
    throw error;
  });
  // Its output is not read past the ready line, but must not fill the pipe and block it.
  server.stdout?.resume();
  // Per server: a floor runs while serve's transport is still up (the mixed row's floors), each removes its own.
  const requestsFile = join(tmpdir(), `hindsight-grpc-load-${process.pid}-${server.pid}.json`);
  writeFileSync(requestsFile, JSON.stringify(requests));
  const loadFlags = (load: Load, seconds: number) =>
    'concurrency' in load
      ? ['--concurrency', String(load.concurrency)]
      : 'perSecond' in load
        ? ['--rate', String(load.perSecond), '--seconds', String(seconds)]
        : ['--rounds', String(load.rounds), '--burst', String(load.size)];
  return {
    httpUrl,
    measure: async (load, options) => {
      const { stdout } = await promisify(execFile)(join(ROOT, 'bin/bench'), [
        'grpc-load',
        '--port',
        String(port),
        '--requests',
        requestsFile,
        ...loadFlags(load, options.seconds),
        '--warmup',
        String(options.warmup),
        '--late-ms',
        String(options.lateAfterMs),
        ...(httpUrl === undefined || options.serverMetrics === false ? [] : ['--metrics-url', httpUrl]),
        // bin/hindsight and bin/bench exec Node: the child's pid is the server's.
        ...(server.pid === undefined ? [] : ['--server-pid', String(server.pid)]),
        ...(databaseCpu ? ['--database-cpu'] : []),
      ]);
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as CallFigures;
    },
    stop: async () => {
      rmSync(requestsFile, { force: true });
      server.kill('SIGTERM');
      await exited;
    },
  };
}

async function readyAddresses(server: ChildProcess): Promise<{ readonly port: number; readonly httpUrl?: string }> {
  const lines = createInterface({ input: server.stdout! });
  const failed = once(server, 'exit').then(([code]) => {
    throw new Error(`the gRPC server exited (code ${String(code)}) before it was ready`);
  });
  const ready = (async () => {
    for await (const line of lines) {
      if (!line.startsWith('{')) continue;
      const parsed = JSON.parse(line) as { ready?: boolean; grpc?: string; http?: string };
      if (parsed.ready && parsed.grpc) return { port: Number(parsed.grpc.split(':').at(-1)), httpUrl: parsed.http };
    }
    throw new Error('the gRPC server closed its output before it was ready');
  })();
  return Promise.race([ready, failed]);
}
