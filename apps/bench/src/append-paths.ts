import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Client, Pool } from 'pg';
import { HindsightConfig } from '@app/config';
import { eventRow, openEventStore } from '@app/event-store';
import { validateEvent } from '@app/events';
import type { RawCloudEvent } from '@app/events/testing/synthetic-events';
import { IngestEvents } from '@app/ingestion';
import { createLogger } from '@app/observability';
import { openReadModelStore, WriterThreadEventStore, WriteSideThreads } from '@app/projections';
import { GroupCommit } from '@app/projections/write-side/group-commit';
import { type ProcessCpu, processCpu } from './process-cpu';
import { readyHttpUrl } from './serve-ready';

/** One event as a producer sends it: the CloudEvent, and its JSON text (what an HTTP body carries). */
export interface AppendInput {
  readonly event: RawCloudEvent;
  readonly text: string;
}

/** A way to append one event per call, opened on a fresh database. */
export interface OpenedPath {
  readonly append: (input: AppendInput) => Promise<void>;
  /** Events the database holds, to check that every append landed. */
  readonly stored: () => Promise<number>;
  /** Transactions that appended the events after the first `after` (Hindsight: distinct `recorded_at`, about one per commit). */
  readonly commits: (after: number) => Promise<number>;
  /** The server's CPU so far, when the path runs one in another process (serve): what each event costs it. */
  readonly serverCpu?: () => ProcessCpu | undefined;
  readonly close: () => Promise<void>;
}

export interface AppendPath {
  readonly name: AppendPathName;
  readonly description: string;
  readonly open: (url: string, concurrency: number) => Promise<OpenedPath>;
}

export type AppendPathName = 'emmett' | 'hindsight' | 'http' | 'store';
export const APPEND_PATH_NAMES: readonly AppendPathName[] = ['emmett', 'hindsight', 'http', 'store'];
/** What a run compares unless told otherwise (`store` is a diagnosis: where the write side's time goes). */
export const DEFAULT_APPEND_PATHS: readonly AppendPathName[] = ['emmett', 'hindsight', 'http'];

const ROOT = resolve(__dirname, '../../..');

async function count(url: string, sql: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>(sql)).rows[0].count);
  } finally {
    await client.end();
  }
}

/** An append transaction stamps its rows with one `recorded_at`: two commits in the same millisecond count as one. */
const hindsightCommits = (after: number) => `SELECT COUNT(DISTINCT recorded_at) AS count FROM events WHERE position > ${after}`;

/**
 * Emmett, for comparison only (a dev dependency of the bench): `appendToStream` with its defaults (one
 * transaction per call, no expected version), each event in a stream of its own named by its id, the
 * whole CloudEvent (parsed from the same text) as the event's data. Its pool is handed in, with pg's defaults as Emmett's own would
 * have (10 connections): ended here, it cannot outlive the run and crash the bench when the database is dropped.
 */
const emmett: AppendPath = {
  name: 'emmett',
  description: 'Emmett getPostgreSQLEventStore(url).appendToStream(event id, [event]), a pg pool of 10 as its default',
  open: async (url) => {
    const pool = new Pool({ connectionString: url });
    pool.on('error', () => undefined);
    const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
    return {
      // From the same JSON text as the other paths, as a handler of the same request would start.
      append: async ({ text }) => {
        const event = JSON.parse(text) as RawCloudEvent;
        await store.appendToStream(event.id, [{ type: event.type, data: { ...event } }]);
      },
      stored: () => count(url, 'SELECT COUNT(*) AS count FROM emt_messages'),
      commits: (after) => count(url, `SELECT COUNT(DISTINCT transaction_id) AS count FROM emt_messages WHERE global_position > ${after}`),
      close: async () => {
        await store.close();
        await pool.end();
      },
    };
  },
};

/**
 * What `serve` runs for a POST, minus HTTP: the ingest use case (parse, validate, one append) through
 * the write side as serve starts it (on PostgreSQL appends on this thread with a group commit; the
 * projector thread folds the new events meanwhile and commits them through the writer thread).
 */
const hindsight: AppendPath = {
  name: 'hindsight',
  description:
    'Hindsight IngestEvents.ingest([text]) through the write side (appends on this thread, group commit, projector thread running)',
  open: async (url) => {
    const readModels = await openReadModelStore(url);
    const writeSide = new WriteSideThreads({
      store: url,
      sqliteSynchronous: 'FULL',
      projectionBatchSize: new HindsightConfig().projectionBatchSize,
      readModels,
      logger: createLogger('error', 'bench-append'),
    });
    const store = new WriterThreadEventStore(await openEventStore(url), writeSide);
    const ingest = new IngestEvents(store);
    writeSide.start();
    return {
      append: async ({ text }) => {
        const result = await ingest.ingest([text]);
        if (result.accepted !== 1) throw new Error(`event not accepted: ${JSON.stringify(result.outcomes[0])}`);
      },
      stored: () => store.headPosition(),
      commits: (after) => count(url, hindsightCommits(after)),
      close: async () => {
        await writeSide.stop();
        await store.close();
        await readModels.close();
      },
    };
  },
};

/** `bin/hindsight serve` on the database, one `POST /v1/events` per event over keep-alive connections (one per call in flight). */
const http: AppendPath = {
  name: 'http',
  description: 'bin/hindsight serve (its own process), one POST /v1/events per event, keep-alive',
  open: async (url, concurrency) => {
    const server = await startServe(url);
    const target = new URL('/v1/events', server.httpUrl);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    return {
      append: ({ text }) => post(target, agent, text),
      stored: () => count(url, 'SELECT COUNT(*) AS count FROM events'),
      commits: (after) => count(url, hindsightCommits(after)),
      serverCpu: () => processCpu(server.pid),
      close: async () => {
        agent.destroy();
        await server.stop();
      },
    };
  },
};

/**
 * A diagnosis, not a product path: the PostgreSQL event store alone behind the writer thread's group
 * commit, in this thread (validation and serialisation included; no thread hop, no projector).
 */
const store: AppendPath = {
  name: 'store',
  description: 'diagnosis: the PostgreSQL event store behind the group commit in the bench thread (no thread hop, no projector)',
  open: async (url) => {
    const events = await openEventStore(url);
    const group = new GroupCommit(events, () => undefined);
    return {
      append: async ({ event }) => {
        const result = validateEvent(event);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        if ((await group.add([eventRow(result.event)])).appended !== 1) throw new Error(`event ${event.id} not appended`);
      },
      stored: () => events.headPosition(),
      commits: (after) => count(url, hindsightCommits(after)),
      close: async () => {
        await group.flushed();
        await events.close();
      },
    };
  },
};

export const APPEND_PATHS: Readonly<Record<AppendPathName, AppendPath>> = { emmett, hindsight, http, store };

function post(target: URL, agent: Agent, body: string): Promise<void> {
  return new Promise((done, fail) => {
    const outgoing = request(target, { method: 'POST', agent, headers: { 'content-type': 'application/cloudevents+json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) return fail(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
        const outcome = JSON.parse(text) as { accepted: number };
        if (outcome.accepted !== 1) return fail(new Error(`event not accepted: ${text.slice(0, 300)}`));
        done();
      });
    });
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}

interface RunningServe {
  readonly httpUrl: string;
  readonly pid: number;
  readonly stop: () => Promise<void>;
}

/** serve on `url` with its HTTP and gRPC ports picked by the system; resolves on its ready line. */
async function startServe(url: string): Promise<RunningServe> {
  // Its development key and log in a directory of its own, not the working tree.
  const dataDirectory = mkdtempSync(join(tmpdir(), 'hindsight-bench-append-'));
  const logFile = join(dataDirectory, 'serve.log');
  const log = openSync(logFile, 'w');
  const server = spawn(join(ROOT, 'bin/hindsight'), ['serve', '--store', url, '--grpc-port', '0', '--http-port', '0'], {
    stdio: ['ignore', 'pipe', log],
    env: { ...process.env, HINDSIGHT_LOG_LEVEL: 'warn', HINDSIGHT_DATA_DIR: dataDirectory },
  });
  closeSync(log);
  const exited = once(server, 'exit');
  const cleanup = () => rmSync(dataDirectory, { recursive: true, force: true });
  let httpUrl: string;
  try {
    httpUrl = await readyHttpUrl(server, exited);
  } catch (error) {
    server.kill('SIGKILL');
    const tail = readFileSync(logFile, 'utf8').slice(-1000);
    cleanup();
    throw new Error(`${(error as Error).message}; serve's log ends with: ${tail}`);
  }
  // Not read past the ready line, but must not fill the pipe and block serve.
  server.stdout?.resume();
  return {
    httpUrl,
    pid: server.pid!,
    stop: async () => {
      server.kill('SIGTERM');
      await exited;
      cleanup();
    },
  };
}
