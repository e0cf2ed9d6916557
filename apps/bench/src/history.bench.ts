import { copyFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fixedClock } from '@app/clock';
import { parseStoreUrl } from '@app/config';
import { type EventStore, openEventStore, type StoredEvent } from '@app/event-store';
import { type HindsightEvent, validateEvent } from '@app/events';
import { type RawCloudEvent, syntheticEvents } from '@app/events/testing/synthetic-events';
import { HINDSIGHT_PROJECTIONS, type HistoryRequest, type HistoryResponse } from '@app/history';
import { openReadModelStore, ProjectionEngine, ReadModelHistoryQuery } from '@app/projections';
import { startCpuHogs, startIngest } from './background-load';
import { type BenchStore, isPostgres, loadAverage, openBenchStore, resetPostgres, settle } from './bench-store';
import type { CallCpu, CallFigures } from './grpc-load';
import {
  grpcFloorTransport,
  grpcTransport,
  http2FloorTransport,
  type MeasureOptions,
  type RunningTransport,
  type Transport,
  type TransportContext,
} from './grpc.transport';
import { INGESTED_ID_PREFIX, type IngestFigures } from './history-ingest-load';
import { describeLoad, type LatencyFigures, type Load, measureLatency } from './latency';
import { now, peakRss, perSecond, printTable } from './measure';
import { answersOver, metricsDuring, scrapeServeMetrics, waitForProjection } from './serve-metrics';
import { lockHistoryReads } from './store-lock';

/** Parts of the gRPC runs that `--only` can pick (the load and the in-process rows always run). */
export type HistoryPart = 'saturation' | 'open' | 'mixed' | 'bursts' | 'locked';
export const HISTORY_PARTS: readonly HistoryPart[] = ['saturation', 'open', 'mixed', 'bursts', 'locked'];

export interface HistoryBenchOptions {
  readonly events: number;
  readonly contacts: number;
  readonly queries: number;
  /** `sqlite:PATH`, or a PostgreSQL server URL (the bench uses its own database there); a temporary SQLite file by default. */
  readonly store?: string;
  /** Keep the loaded store; a later run on the same `--store` with the same data set reuses it. */
  readonly keepStore: boolean;
  /** Copy the event log (before projection) to this SQLite path, to rerun `hindsight project` on it. */
  readonly copyLog?: string;
  readonly only: readonly HistoryPart[];
  /** How long the mixed row (calls with HTTP ingest) lasts. */
  readonly mixedSeconds: number;
  /** serve's fail-open deadline; an answer later than this plus LATE_MARGIN_MS is late. */
  readonly deadlineMs: number;
}

const END = new Date('2026-11-01T00:00:00Z');
const POSTGRES_DATABASE = 'hindsight_bench_history';
const DAY_MS = 86_400_000;

/**
 * Over gRPC: the saturating runs (1 and 32 calls in flight, each starting when the previous answer
 * arrives), then callers arriving at fixed rates, the way a voice agent's calls do: latency there is
 * what a call waits at that traffic, not the queue a saturating client builds up.
 */
const SATURATION_LOADS: readonly Load[] = [{ concurrency: 1 }, { concurrency: 32 }];
const OPEN_LOOP_LOADS: readonly Load[] = [{ perSecond: 500 }, { perSecond: 1000 }, { perSecond: 2000 }];
const OPEN_LOOP_SECONDS = 6;
const WARMUP_CALLS = 2000;

/** Issue 13's hostile loads, against serve only. */
const LATE_MARGIN_MS = 20;
const MIXED_CALLS_PER_SECOND = 200;
const MIXED_INGEST_PER_SECOND = 2000;
/** Ingest requests in flight at most: a webhook sender's connection pool. */
const MIXED_INGEST_IN_FLIGHT = 32;
const BURST_ROUNDS = 5;
const BURST_SIZES = [200, 1000] as const;
const CPU_HOGS = 2;
const LOCKED_CALLS_PER_SECOND = 200;
const LOCKED_SECONDS = 3;

/** Issue 13's targets (on the 2-core machine). */
const MIXED_AVAILABLE_TARGET = 0.999;
const MIXED_P99_TARGET_MS = 20;
const OPEN_LOOP_TARGET = { perSecond: 1000, p99Ms: 5 };
const SATURATION_TARGET = 0.5;

/** A row of the gRPC tables, kept to judge the targets once every run is over. */
interface Measured {
  readonly label: string;
  readonly figures: CallFigures;
  readonly note?: string;
}

interface Floors {
  readonly steady: Measured[];
  readonly bursts: Measured[];
}

/** What the runs against serve gave, by part; absent when the part was not run. */
interface ServeRuns {
  readonly saturation: Measured[];
  readonly open: Measured[];
  mixed?: {
    readonly calls: Measured;
    readonly ingest: IngestFigures;
    readonly caughtUpMs?: number;
    /** The floors' servers answering the same calls beside the same ingest into serve: what the machine leaves any server. */
    readonly floors: Measured[];
  };
  readonly bursts: Array<Measured & { readonly size: number; readonly hogs: number }>;
  locked?: { readonly calls: Measured; readonly recovery: Measured } | { readonly skipped: string };
}

export async function benchHistory(options: HistoryBenchOptions): Promise<void> {
  const store = await openBenchStore({
    store: options.store,
    keepStore: options.keepStore,
    database: POSTGRES_DATABASE,
    temporaryPrefix: 'hindsight-bench-history-',
  });
  console.log(
    `bench:history: ${options.events.toLocaleString('en-US')} events, ${options.contacts.toLocaleString('en-US')} contacts, 20 inboxes, ${store.description}, ` +
      `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadAverage()}`,
  );
  try {
    const requests = await loadHistoryStore(store.url, options);
    const inProcess = await measureInProcess(store.url, requests);
    const lateAfterMs = options.deadlineMs + LATE_MARGIN_MS;
    const context = { storeUrl: store.url, answer: inProcess.answer, requests, deadlineMs: options.deadlineMs };
    const parts = new Set(options.only);
    const serve = await withTransport(grpcTransport, context, (running) => runServe(running, context, options, parts, lateAfterMs));
    // The floors under the same loads (bursts: on an idle machine), to tell serve's share from the client's and Node's.
    const floors: Floors = { steady: [], bursts: [] };
    const steady = [...(parts.has('saturation') ? SATURATION_LOADS : []), ...(parts.has('open') ? OPEN_LOOP_LOADS : [])];
    const bursts: Load[] = parts.has('bursts') ? BURST_SIZES.map((size) => ({ rounds: BURST_ROUNDS, size })) : [];
    for (const transport of steady.length + bursts.length > 0 ? [grpcFloorTransport, http2FloorTransport] : [])
      await withTransport(transport, context, async (running) => {
        for (const [rows, loads] of [
          [floors.steady, steady],
          [floors.bursts, bursts],
        ] as const)
          for (const load of loads) {
            const figures = await running.measure(load, { seconds: OPEN_LOOP_SECONDS, warmup: WARMUP_CALLS, lateAfterMs });
            rows.push({ label: `${transport.name}, ${describeLoad(load)}`, figures });
          }
      });
    printFigures(options, store, inProcess.rows, serve, floors, lateAfterMs);
  } finally {
    await store.cleanup();
  }
}

async function withTransport<T>(
  transport: Transport,
  context: TransportContext,
  work: (running: RunningTransport) => Promise<T>,
): Promise<T> {
  const running = await transport.start(context);
  try {
    return await work(running);
  } finally {
    await running.stop();
  }
}

/**
 * Every run against `bin/hindsight serve`, in this order: saturation, open loop, calls with HTTP ingest
 * (then the floors' servers taking the same calls beside the same ingest into serve), bursts (idle, then
 * with CPU hogs), then the store locked (last: the reader is stuck meanwhile) and the recovery right after.
 */
async function runServe(
  running: RunningTransport,
  context: TransportContext,
  options: HistoryBenchOptions,
  parts: ReadonlySet<HistoryPart>,
  lateAfterMs: number,
): Promise<ServeRuns> {
  const runs: ServeRuns = { saturation: [], open: [], bursts: [] };
  const steady: MeasureOptions = { seconds: OPEN_LOOP_SECONDS, warmup: WARMUP_CALLS, lateAfterMs };
  const label = (load: Load) => `${grpcTransport.name}, ${describeLoad(load)}`;
  if (parts.has('saturation'))
    for (const load of SATURATION_LOADS) runs.saturation.push({ label: label(load), figures: await running.measure(load, steady) });
  if (parts.has('open'))
    for (const load of OPEN_LOOP_LOADS) runs.open.push({ label: label(load), figures: await running.measure(load, steady) });
  const httpUrl = running.httpUrl!;
  if (parts.has('mixed')) {
    const mixed = { ...steady, seconds: options.mixedSeconds };
    const ingestOffered = `with ${MIXED_INGEST_PER_SECOND.toLocaleString('en-US')} events/s of HTTP ingest offered`;
    const { calls, ingested } = await besideIngest(httpUrl, options, () => running.measure({ perSecond: MIXED_CALLS_PER_SECOND }, mixed));
    // The same calls to each floor's server while serve takes the same ingest: on two shared cores, the
    // tail a server doing no work at all gets beside that load, the bound under serve's mixed row.
    const floors: Measured[] = [];
    for (const transport of [grpcFloorTransport, http2FloorTransport])
      await withTransport(transport, context, async (floor) => {
        const beside = await besideIngest(httpUrl, options, () => floor.measure({ perSecond: MIXED_CALLS_PER_SECOND }, mixed));
        floors.push({
          label: `${transport.name}, ${MIXED_CALLS_PER_SECOND} calls/s offered, beside the same ingest into serve`,
          figures: beside.calls,
          note: `HTTP ingest into serve meanwhile: ${Math.round(beside.ingested.perSecond).toLocaleString('en-US')} events/s accepted`,
        });
      });
    runs.mixed = {
      calls: {
        label: `serve, ${MIXED_CALLS_PER_SECOND} calls/s offered for ${options.mixedSeconds} s, ${ingestOffered}`,
        // serve's CPU over these calls is mostly the ingest's: not a cost per call.
        figures: { ...calls, cpu: undefined },
      },
      ingest: ingested,
      caughtUpMs: await waitForProjection(httpUrl, 300_000),
      floors: floors.map((floor) => ({ ...floor, figures: { ...floor.figures, cpu: undefined } })),
    };
  }
  if (parts.has('bursts'))
    for (const hogs of [0, CPU_HOGS]) {
      const background = hogs > 0 ? startCpuHogs(hogs) : undefined;
      try {
        for (const size of BURST_SIZES) {
          const load = { rounds: BURST_ROUNDS, size };
          const figures = await running.measure(load, steady);
          runs.bursts.push({
            label: `serve, ${describeLoad(load)}, ${hogs > 0 ? `${hogs} CPU-bound processes running` : 'machine otherwise idle'}`,
            figures,
            size,
            hogs,
          });
        }
      } finally {
        await background?.stop();
      }
    }
  if (parts.has('locked')) {
    // Read by this process around the locked run: a store that blocks reads also holds /metrics.
    const before = await scrapeServeMetrics(httpUrl);
    const lock = await lockHistoryReads(context.storeUrl);
    if ('unavailable' in lock) runs.locked = { skipped: lock.unavailable };
    else {
      const load = { perSecond: LOCKED_CALLS_PER_SECOND };
      // No warm-up: the first calls after the lock are the point (the reader has not yet been seen stuck).
      const calls = await running
        .measure(load, { seconds: LOCKED_SECONDS, warmup: 0, lateAfterMs, serverMetrics: false })
        .finally(() => lock.held.release());
      const server = metricsDuring(before, await scrapeServeMetrics(httpUrl));
      const recovery = await running.measure(load, { seconds: LOCKED_SECONDS, warmup: 0, lateAfterMs });
      runs.locked = {
        calls: {
          label: `serve, ${describeLoad(load)} for ${LOCKED_SECONDS} s, store locked`,
          figures: { ...calls, server },
          note: lock.held.description,
        },
        recovery: { label: `serve, ${describeLoad(load)} for ${LOCKED_SECONDS} s, right after the lock is released`, figures: recovery },
      };
    }
  }
  return runs;
}

/** `measure` while another process POSTs the mixed row's ingest to serve; the ingest's figures too. */
async function besideIngest(
  httpUrl: string,
  options: HistoryBenchOptions,
  measure: () => Promise<CallFigures>,
): Promise<{ readonly calls: CallFigures; readonly ingested: IngestFigures }> {
  const ingest = startIngest({
    httpUrl,
    perSecond: MIXED_INGEST_PER_SECOND,
    inFlight: MIXED_INGEST_IN_FLIGHT,
    contacts: options.contacts,
    // The day after the data set: new events, for the contacts the calls ask about.
    end: new Date(END.getTime() + DAY_MS),
  });
  const calls = await measure().catch(async (error: unknown) => {
    await ingest.stop().catch(() => undefined);
    throw error;
  });
  return { calls, ingested: await ingest.stop() };
}

interface InProcess {
  readonly rows: Array<Record<string, string>>;
  readonly answer: HistoryResponse;
}

/** The query alone, in this process: the floor under every gRPC row. */
async function measureInProcess(url: string, requests: readonly HistoryRequest[]): Promise<InProcess> {
  // On PostgreSQL, connections set up as serve's history reader sets up its own.
  const readModels = await openReadModelStore(url, { genericPlans: true });
  try {
    const query = new ReadModelHistoryQuery(readModels, fixedClock(END));
    let found = 0;
    const warmup = requests.slice(0, 1000);
    for (const request of warmup) found += (await query.getHistory(request)).activities.length;
    console.log(`warm-up: ${requests.length} distinct requests, ${(found / warmup.length).toFixed(1)} activities per answer on average`);
    const rows: Array<Record<string, string>> = [];
    for (const concurrency of [1, 32]) {
      const figures: LatencyFigures = await measureLatency(requests.length, concurrency, (index) => query.getHistory(requests[index]));
      rows.push(latencyRow(`in process, concurrency ${concurrency}`, figures));
    }
    return { rows, answer: await query.getHistory(requests[0]) };
  } finally {
    await readModels.close();
  }
}

/** The data set: the synthetic traffic of `events` events over `contacts` contacts, ending at END. */
const dataset = (options: HistoryBenchOptions) =>
  syntheticEvents(options.events, { contacts: options.contacts, workspaces: 2, inboxesPerWorkspace: 10, end: END });

/**
 * Loads the data set and projects it, or reuses a store a previous run kept when it holds the same data
 * set (the mixed rows' ingested events after it are kept too). Returns the calls' requests: callers of
 * the data set's last three weeks, so answers are not empty.
 */
async function loadHistoryStore(url: string, options: HistoryBenchOptions): Promise<HistoryRequest[]> {
  let events = await openEventStore(url);
  try {
    const head = await events.headPosition();
    if (head > 0) {
      const requests: HistoryRequest[] = [];
      let last: RawCloudEvent | undefined;
      let first: RawCloudEvent | undefined;
      for (const raw of dataset(options)) {
        collectRequest(requests, raw, options.queries);
        first ??= raw;
        last = raw;
      }
      if (await holdsDataset(events, options.events, first!, last!)) {
        const ingested = head - options.events;
        console.log(
          `reusing the kept store (${options.events.toLocaleString('en-US')} events${ingested > 0 ? `, and ${ingested.toLocaleString('en-US')} ingested by earlier runs` : ''})`,
        );
        if (options.copyLog) console.log('--copy-log ignored: the kept store is already projected');
        await project(url, events);
        return requests;
      }
      if (!isPostgres(url))
        throw new Error(`${url} is not empty and does not hold this bench's data set (--events, --contacts): give an empty or new path`);
      console.log('the bench database holds another data set: loading it again');
      await events.close();
      await resetPostgres(url);
      events = await openEventStore(url);
    }
    const requests: HistoryRequest[] = [];
    let batch: HindsightEvent[] = [];
    let appendMs = 0;
    for (const raw of dataset(options)) {
      const result = validateEvent(raw);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      batch.push(result.event);
      collectRequest(requests, raw, options.queries);
      if (batch.length === 5000) {
        const started = now();
        await events.append(batch);
        appendMs += now() - started;
        batch = [];
      }
    }
    if (batch.length > 0) await events.append(batch);
    if (options.copyLog) {
      if (isPostgres(url)) throw new Error('--copy-log copies a SQLite file: not with a PostgreSQL store');
      await events.close();
      copyFileSync(parseStoreUrl(url).target, options.copyLog);
      console.log(`event log copied to ${options.copyLog}`);
      events = await openEventStore(url);
    }
    const { projected, projectMs } = await project(url, events);
    printTable('Ingest and projection', [
      { step: 'append (validated events, batches of 5,000)', 'events/s': perSecond(options.events, appendMs) },
      { step: 'projection from zero (all read models, batches of 5,000)', 'events/s': perSecond(projected, projectMs) },
    ]);
    await settle(url);
    return requests;
  } finally {
    await events.close();
  }
}

function collectRequest(requests: HistoryRequest[], raw: RawCloudEvent, wanted: number): void {
  const data = raw.data as { inboxId?: string; contact?: { phone?: string } };
  if (requests.length < wanted && data.inboxId && data.contact?.phone && Date.parse(raw.time) > END.getTime() - 21 * DAY_MS)
    requests.push({ workspaceId: String(raw.data.workspaceId), inboxId: data.inboxId, phone: data.contact.phone, at: END.toISOString() });
}

/**
 * The store's first and `count`-th events are the data set's (its first event names a contact: `--contacts`
 * shows there), and whatever follows was ingested by the mixed rows (a smaller data set is a prefix of a larger one).
 */
async function holdsDataset(events: EventStore, count: number, first: RawCloudEvent, last: RawCloudEvent): Promise<boolean> {
  const at = async (position: number) => (await events.read({ fromPosition: position, limit: 1 })).events[0] as StoredEvent | undefined;
  const phone = (first.data as { contact?: { phone?: string } }).contact?.phone;
  const head = await at(1);
  if (head?.eventId !== first.id || head.time !== first.time || (phone !== undefined && !head.payload.includes(JSON.stringify(phone))))
    return false;
  const stored = await at(count);
  const next = await at(count + 1);
  if (next !== undefined && !next.eventId.startsWith(INGESTED_ID_PREFIX)) return false;
  return stored?.eventId === last.id && stored.time === last.time && stored.workspaceId === last.data.workspaceId;
}

/** Projects whatever the read models have not folded yet (everything, after a fresh load). */
async function project(url: string, events: EventStore): Promise<{ projected: number; projectMs: number }> {
  const readModels = await openReadModelStore(url);
  try {
    const started = now();
    const projected = await new ProjectionEngine(events, readModels, HINDSIGHT_PROJECTIONS, { batchSize: 5000 }).catchUp();
    return { projected, projectMs: now() - started };
  } finally {
    await readModels.close();
  }
}

const percent = (part: number, whole: number) => `${((part / Math.max(whole, 1)) * 100).toFixed(whole >= 10_000 ? 2 : 1)}%`;

const latencyRow = (label: string, figures: LatencyFigures, extra: Record<string, string> = {}): Record<string, string> => ({
  path: label,
  calls: figures.requests.toLocaleString('en-US'),
  available: '',
  'p50 ms': figures.p50.toFixed(2),
  'p99 ms': figures.p99.toFixed(2),
  'max ms': figures.max.toFixed(2),
  late: '',
  shed: '',
  'calls/s': Math.round(figures.perSecond).toLocaleString('en-US'),
  note: '',
  ...extra,
});

/** A gRPC row: the answers by kind next to the latency; the note says what else came back, and what serve counted. */
function callRow({ label, figures, note }: Measured): Record<string, string> {
  const others = [
    ...Object.entries(figures.unavailable).filter(([reason]) => reason !== 'overloaded'),
    ...Object.entries(figures.errors),
  ].map(([kind, count]) => `${kind}: ${count}`);
  if (figures.lateAvailable > 0) others.push(`late with history: ${figures.lateAvailable}`);
  const server = figures.server;
  if (server) {
    const shed = Object.entries(server.shed).map(([reason, count]) => `${reason} ${count}`);
    const lateByServe = answersOver(server, figures.lateAfterMs);
    others.push(
      `serve: ${shed.length > 0 ? `shed ${shed.join(', ')}; ` : ''}` +
        (lateByServe === undefined ? '' : `${lateByServe} after ${figures.lateAfterMs} ms by its own clock; `) +
        `loop delay p99 ${server.loopDelayP99Ms.toFixed(1)} ms, max ${server.loopDelayMaxMs.toFixed(0)} ms`,
    );
  }
  if (figures.cpu) others.push(describeCpu(figures.cpu));
  if (note) others.push(note);
  return latencyRow(label, figures, {
    available: percent(figures.available, figures.requests),
    late: String(figures.late),
    shed: String(figures.unavailable.overloaded ?? 0),
    note: others.join('; '),
  });
}

const micros = (value: number) => Math.round(value).toLocaleString('en-US');

/** The servers' CPU per call side by side, where it was read: what serve's share of the floor is made of. */
function serverCpuPerCall(rows: ReadonlyArray<readonly [string, Measured | undefined]>): string {
  const parts = rows.flatMap(([name, row]) =>
    row?.figures.cpu
      ? [
          `${name} ${micros(row.figures.cpu.serverMicrosPerCall)} µs` +
            (row.figures.cpu.databaseMicrosPerCall === undefined
              ? ''
              : ` + PostgreSQL ${micros(row.figures.cpu.databaseMicrosPerCall)} µs`),
        ]
      : [],
  );
  return parts.length > 0 ? `; server CPU per call: ${parts.join(', ')}` : '';
}

/** Threads shown in a row's CPU note: the busiest ones, of at least this share of the server's CPU. */
const THREADS_SHOWN = 4;
const THREAD_SHOWN_SHARE = 0.05;

/** CPU per call: the server's (its busiest threads' parts: main thread, grpc, history-reader, V8Worker…) and the load generator's. */
function describeCpu(cpu: CallCpu): string {
  const database = cpu.databaseMicrosPerCall === undefined ? '' : `, PostgreSQL ${micros(cpu.databaseMicrosPerCall)} µs`;
  const busiest = Object.entries(cpu.serverThreadsMicrosPerCall)
    .filter(([, perCall]) => perCall >= cpu.serverMicrosPerCall * THREAD_SHOWN_SHARE)
    .sort(([, left], [, right]) => right - left)
    .slice(0, THREADS_SHOWN)
    .map(([name, perCall]) => `${name} ${micros(perCall)}`);
  const threads = busiest.length > 0 ? busiest.join(', ') : `MainThread ${micros(cpu.serverMainThreadMicrosPerCall)}`;
  return `CPU per call: server ${micros(cpu.serverMicrosPerCall)} µs (${threads})${database}, client ${micros(cpu.clientMicrosPerCall)} µs`;
}

function printFigures(
  options: HistoryBenchOptions,
  store: BenchStore,
  inProcessRows: Array<Record<string, string>>,
  serve: ServeRuns,
  floors: Floors,
  lateAfterMs: number,
): void {
  const lateNote = `late = answered after ${lateAfterMs} ms (deadline ${options.deadlineMs} ms + ${LATE_MARGIN_MS}) at the client; shed = available: false, "overloaded"`;
  printTable(`GetHistory latency (open loop: ${OPEN_LOOP_SECONDS} s, each call timed from when it was due; ${lateNote})`, [
    ...inProcessRows,
    ...[...serve.saturation, ...serve.open, ...floors.steady].map(callRow),
  ]);
  const hostile: Measured[] = [
    ...(serve.mixed ? [serve.mixed.calls, ...serve.mixed.floors] : []),
    ...serve.bursts,
    ...floors.bursts,
    ...(serve.locked && 'calls' in serve.locked ? [serve.locked.calls, serve.locked.recovery] : []),
  ];
  if (hostile.length > 0) printTable(`The voice agent's deadline (${lateNote})`, hostile.map(callRow));
  if (serve.mixed) {
    const { ingest, caughtUpMs } = serve.mixed;
    const failed = Object.entries(ingest.failed).map(([kind, count]) => `${kind}: ${count}`);
    console.log(
      `HTTP ingest beside the mixed row: ${Math.round(ingest.perSecond).toLocaleString('en-US')} events/s accepted of ${MIXED_INGEST_PER_SECOND.toLocaleString('en-US')} offered ` +
        `(${ingest.accepted.toLocaleString('en-US')} in ${ingest.seconds.toFixed(1)} s, one event per POST, p50 ${ingest.p50.toFixed(1)} ms, p99 ${ingest.p99.toFixed(1)} ms; ` +
        `${ingest.notSent.toLocaleString('en-US')} not sent while ${MIXED_INGEST_IN_FLIGHT} were waiting${failed.length > 0 ? `; failed ${failed.join(', ')}` : ''}); ` +
        (caughtUpMs === undefined
          ? 'the projection had not caught up 5 min later'
          : `projection caught up ${(caughtUpMs / 1000).toFixed(1)} s after the ingest stopped`),
    );
  }
  if (serve.locked && 'skipped' in serve.locked) console.log(`store locked: not measured: ${serve.locked.skipped}`);
  printTargets(options, store, serve, floors);
}

/** The floors' p99 beside the same ingest, for the mixed target's line: no server on this machine that day goes under them. */
function mixedFloors(floors: readonly Measured[]): string {
  const p99 = (transport: Transport) => floors.find((floor) => floor.label.startsWith(transport.name))?.figures.p99.toFixed(1);
  const grpc = p99(grpcFloorTransport);
  const http2 = p99(http2FloorTransport);
  return grpc === undefined || http2 === undefined
    ? ''
    : `; beside the same ingest, the gRPC floor ${grpc} ms, the HTTP/2 floor ${http2} ms`;
}

/** Issue 13's targets, met or missed, from the rows of this run. */
function printTargets(options: HistoryBenchOptions, store: BenchStore, serve: ServeRuns, floors: Floors): void {
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const notMeasured = 'not measured';
  const lines: string[] = [];
  if (serve.mixed) {
    const { figures } = serve.mixed.calls;
    const share = figures.available / figures.requests;
    lines.push(
      `mixed (${MIXED_CALLS_PER_SECOND} calls/s, ${MIXED_INGEST_PER_SECOND.toLocaleString('en-US')} events/s of ingest offered): ≥ 99.9% available ${verdict(share >= MIXED_AVAILABLE_TARGET)} (${percent(figures.available, figures.requests)}), ` +
        `p99 ≤ ${MIXED_P99_TARGET_MS} ms ${verdict(figures.p99 <= MIXED_P99_TARGET_MS)} (${figures.p99.toFixed(1)} ms${mixedFloors(serve.mixed.floors)}), ` +
        `0 late ${verdict(figures.late === 0)} (${figures.late})`,
    );
  } else lines.push(`mixed: ${notMeasured}`);
  const hogBursts = serve.bursts.filter((burst) => burst.hogs > 0 && burst.size === 200);
  lines.push(
    hogBursts.length === 0
      ? `bursts of 200 with ${CPU_HOGS} CPU hogs: ${notMeasured}`
      : hogBursts
          .map(
            ({ figures }) =>
              `bursts of 200 with ${CPU_HOGS} CPU hogs: 0 late ${verdict(figures.late === 0)} (${figures.late} of ${figures.requests}; ${percent(figures.available, figures.requests)} answered with history)`,
          )
          .join('\n  '),
  );
  for (const burst of serve.bursts.filter((each) => each.size !== 200 || each.hogs === 0))
    lines.push(
      `(reported) ${burst.label}: ${burst.figures.late} late, ${percent(burst.figures.available, burst.figures.requests)} with history`,
    );
  if (serve.locked && 'calls' in serve.locked) {
    const { figures } = serve.locked.calls;
    const allUnavailable = figures.available === 0 && Object.keys(figures.errors).length === 0;
    lines.push(
      `store locked: every answer available: false ${verdict(allUnavailable)} (${figures.requests - figures.available} of ${figures.requests}), ` +
        `0 late ${verdict(figures.late === 0)} (${figures.late})`,
    );
  } else lines.push(`store locked: ${serve.locked ? serve.locked.skipped : notMeasured}`);
  const openTarget = serve.open.find((row) => row.label.includes(`${OPEN_LOOP_TARGET.perSecond.toLocaleString('en-US')} calls/s`));
  lines.push(
    openTarget
      ? `open loop ${OPEN_LOOP_TARGET.perSecond.toLocaleString('en-US')} calls/s: p99 ≤ ${OPEN_LOOP_TARGET.p99Ms} ms ${verdict(openTarget.figures.p99 <= OPEN_LOOP_TARGET.p99Ms)} (${openTarget.figures.p99.toFixed(2)} ms)` +
          (isPostgres(store.url) ? ' (the target is set for SQLite)' : '')
      : `open loop: ${notMeasured}`,
  );
  const serve32 = serve.saturation.find((row) => row.label.endsWith('concurrency 32'));
  const floor32 = floors.steady.find((row) => row.label.startsWith(http2FloorTransport.name) && row.label.endsWith('concurrency 32'));
  const grpcFloor32 = floors.steady.find((row) => row.label.startsWith(grpcFloorTransport.name) && row.label.endsWith('concurrency 32'));
  lines.push(
    serve32 && floor32
      ? `saturation (32 in flight): serve ≥ ${SATURATION_TARGET * 100}% of the HTTP/2 floor ${verdict(serve32.figures.perSecond >= SATURATION_TARGET * floor32.figures.perSecond)} ` +
          `(${Math.round(serve32.figures.perSecond).toLocaleString('en-US')} vs ${Math.round(floor32.figures.perSecond).toLocaleString('en-US')} calls/s: ${percent(serve32.figures.perSecond, floor32.figures.perSecond)}` +
          // What gRPC alone leaves: the same server code answering a recorded response, no query at all.
          (grpcFloor32 ? `; the gRPC floor: ${percent(grpcFloor32.figures.perSecond, floor32.figures.perSecond)})` : ')') +
          serverCpuPerCall([
            ['serve', serve32],
            ['gRPC floor', grpcFloor32],
            ['HTTP/2 floor', floor32],
          ]) +
          (isPostgres(store.url) ? ' (the target is set for SQLite)' : '')
      : `saturation: ${notMeasured}`,
  );
  console.log(
    `\ntargets (issue 13) on ${availableParallelism()} cores, ${store.description}:\n  ${lines.join('\n  ')}\n` +
      `load average now ${loadAverage()} (the machine is shared: compare runs, not single figures); bench process peak RSS ${peakRss()}`,
  );
}
