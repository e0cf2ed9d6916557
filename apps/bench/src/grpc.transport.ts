import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { HistoryQuery, HistoryRequest } from '@app/history';
import type { LatencyFigures, Load } from './latency';

export interface TransportContext {
  /** The bench's store, projected: what the server answers from. */
  readonly storeUrl: string;
  readonly query: HistoryQuery;
  readonly requests: readonly HistoryRequest[];
}

export interface RunningTransport {
  readonly measure: (load: Load) => Promise<LatencyFigures>;
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
  start: ({ storeUrl, requests }) =>
    loadAgainst(
      spawn(join(ROOT, 'bin/hindsight'), ['serve', '--store', storeUrl, '--grpc-port', '0', '--http-port', '0'], {
        stdio: ['ignore', 'pipe', 'inherit'],
        // Warnings and errors only: its info lines would interleave with the tables.
        env: { ...process.env, HINDSIGHT_LOG_LEVEL: 'warn' },
      }),
      requests,
    ),
};

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

async function recordedAnswerServer({ query, requests }: TransportContext, flags: readonly string[]): Promise<RunningTransport> {
  const answerFile = join(tmpdir(), `hindsight-grpc-floor-${process.pid}.json`);
  writeFileSync(answerFile, JSON.stringify(await query.getHistory(requests[0])));
  const server = spawn(join(ROOT, 'bin/bench'), ['grpc-floor', '--answer', answerFile, ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const running = await loadAgainst(server, requests);
  return { measure: running.measure, stop: () => running.stop().finally(() => rmSync(answerFile, { force: true })) };
}

/** Waits for the server's ready line, then runs the load generator child against its gRPC port. */
async function loadAgainst(server: ChildProcess, requests: readonly HistoryRequest[]): Promise<RunningTransport> {
  const exited = once(server, 'exit');
  const port = await readyPort(server);
  // Its output is not read past the ready line, but must not fill the pipe and block it.
  server.stdout?.resume();
  const requestsFile = join(tmpdir(), `hindsight-grpc-load-${process.pid}.json`);
  writeFileSync(requestsFile, JSON.stringify(requests));
  return {
    measure: async (load) => {
      const { stdout } = await promisify(execFile)(join(ROOT, 'bin/bench'), [
        'grpc-load',
        '--port',
        String(port),
        '--requests',
        requestsFile,
        ...('concurrency' in load ? ['--concurrency', String(load.concurrency)] : ['--rate', String(load.perSecond)]),
      ]);
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as LatencyFigures;
    },
    stop: async () => {
      rmSync(requestsFile, { force: true });
      server.kill('SIGTERM');
      await exited;
    },
  };
}

async function readyPort(server: ChildProcess): Promise<number> {
  const lines = createInterface({ input: server.stdout! });
  const failed = once(server, 'exit').then(([code]) => {
    throw new Error(`the gRPC server exited (code ${String(code)}) before it was ready`);
  });
  const ready = (async () => {
    for await (const line of lines) {
      if (!line.startsWith('{')) continue;
      const parsed = JSON.parse(line) as { ready?: boolean; grpc?: string };
      if (parsed.ready && parsed.grpc) return Number(parsed.grpc.split(':').at(-1));
    }
    throw new Error('the gRPC server closed its output before it was ready');
  })();
  return Promise.race([ready, failed]);
}
