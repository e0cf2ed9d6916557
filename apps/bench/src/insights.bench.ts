import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { signToken } from '@app/auth/jose-token.signer';
import { systemClock } from '@app/clock';
import { type EventStore, openEventStore } from '@app/event-store';
import { type HindsightEvent, validateEvent } from '@app/events';
import { HINDSIGHT_PROJECTIONS } from '@app/history';
import {
  type GenerationInput,
  type GenerationTimings,
  InsightsReadModels,
  insightsLanguage,
  insightsWindow,
  InteractionContentReader,
  longCallsInput,
  ReadContactInsights,
  selectInsightsInteractions,
  timeGenerations,
} from '@app/insights';
import { openReadModelStore, ProjectionEngine } from '@app/projections';
import { isPostgres, loadAverage, openBenchStore, resetPostgres, settle } from './bench-store';
import {
  BENCH_AGENT,
  type BenchContact,
  BenchContactPicker,
  type BenchDataset,
  datasetOf,
  freshAnchor,
  setupEvents,
  trafficEvents,
} from './insights-dataset';
import type { InsightsLoadMode, InsightsLoadRequest } from './insights-load';
import { type LatencyFigures, measureLatency } from './latency';
import { megabytes, now, peakRss, perSecond, printTable } from './measure';
import { startServe } from './serve-ready';

export interface InsightsBenchOptions {
  readonly events: number;
  readonly contacts: number;
  /** Distinct contacts per generation run (one sequential run, one with `concurrency` in flight). */
  readonly generations: number;
  readonly concurrency: number;
  /** GET insights offered per second, for `seconds`. */
  readonly rate: number;
  readonly seconds: number;
  /** `sqlite:PATH`, or a PostgreSQL server URL (the bench uses its own database there); a temporary SQLite file by default. */
  readonly store?: string;
  readonly keepStore: boolean;
  /** On a kept store: only the read use case in process, and its reads one by one (to profile the read path). */
  readonly readsOnly?: boolean;
  /** Write serve's CPU profiles (`--cpu-prof`) to this directory. */
  readonly cpuProf?: string;
}

/** Targets of issue 12 on the 2-core machine. */
const GENERATION_P99_TARGET_MS = 50;
const READ_P99_TARGET_MS = 5;
/** A kept store is reused while its traffic is this fresh (events age out of the 6-month window). */
const REUSE_MAX_AGE_MS = 3 * 86_400_000;
const POSTGRES_DATABASE = 'hindsight_bench_insights';
const WARMUP_CONTACTS = 50;
const ROOT = resolve(__dirname, '../../..');

/**
 * `npm run bench:insights`: the history bench's 1,000,000 events (shifted to end an hour ago) in a real
 * store, a real `bin/hindsight serve` on it, and from another process: built-in generations over HTTP for
 * distinct contacts (sequential, then several in flight), then GET insights at a fixed rate (open loop).
 * The generator is also timed alone, in this process, on the same contacts' inputs read from the store.
 */
export async function benchInsights(options: InsightsBenchOptions): Promise<void> {
  const store = await openBenchStore({ ...options, database: POSTGRES_DATABASE, temporaryPrefix: 'hindsight-bench-insights-' });
  console.log(
    `bench:insights: ${options.events.toLocaleString('en-US')} events, ${options.contacts.toLocaleString('en-US')} contacts, 2 workspaces × 10 inboxes, ${store.description}, ` +
      `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadAverage()}`,
  );
  try {
    const contacts = await loadStore(store.url, options);
    if (contacts.length < WARMUP_CONTACTS + 2 * options.generations)
      throw new Error(`only ${contacts.length} contacts have a transcribed call: fewer than the ${2 * options.generations} measured`);
    const warmup = contacts.slice(0, WARMUP_CONTACTS);
    const sequential = contacts.slice(WARMUP_CONTACTS, WARMUP_CONTACTS + options.generations);
    const concurrent = contacts.slice(WARMUP_CONTACTS + options.generations, WARMUP_CONTACTS + 2 * options.generations);
    const footprint = await storeFootprint(store.url);
    console.log(
      `store: ${footprint.events.toLocaleString('en-US')} events, ${megabytes(await store.bytes())} on disk` +
        (isPostgres(store.url) ? ` (events table ${megabytes(footprint.bytes)})` : ''),
    );

    if (options.readsOnly) {
      const reads = await timeReadsInProcess(store.url, [...sequential, ...concurrent]);
      printTable('The GET use case in process, then its reads one by one (a kept store: insights of earlier runs)', [
        { step: 'ReadContactInsights.execute', 'p50 ms': reads.useCase.p50.toFixed(3), 'p99 ms': reads.useCase.p99.toFixed(3) },
        ...reads.steps.map(({ step, figures }) => ({ step, 'p50 ms': figures.p50.toFixed(3), 'p99 ms': figures.p99.toFixed(3) })),
      ]);
      return;
    }
    const inProcess = await timeInProcess(store.url, sequential);
    const secret = randomBytes(32).toString('base64url');
    const server = await startServe(store.url, secret, {
      environment: { HINDSIGHT_LLM_PROVIDER: 'builtin' },
      ...(options.cpuProf ? { cpuProfDirectory: options.cpuProf } : {}),
    });
    let http: HttpFigures;
    try {
      const tokens = new Map<string, string>();
      for (const workspaceId of new Set(contacts.map((contact) => contact.workspaceId)))
        tokens.set(
          workspaceId,
          await signToken(secret, { sub: BENCH_AGENT, ws: workspaceId }, { lifetimeSeconds: 4 * 3600, now: new Date() }),
        );
      const requests = (list: readonly BenchContact[]): InsightsLoadRequest[] =>
        list.map((contact) => ({ ...contact, token: tokens.get(contact.workspaceId)! }));
      http = await measureOverHttp(new LoadRunner(server.baseUrl), options, {
        warmup: requests(warmup),
        sequential: requests(sequential),
        concurrent: requests(concurrent),
      });
    } finally {
      await server.stop();
    }
    const reads = await timeReadsInProcess(store.url, [...sequential, ...concurrent]);
    printFigures(options, store.description, inProcess, http, reads);
  } finally {
    await store.cleanup();
  }
}

interface HttpFigures {
  readonly sequential: LatencyFigures;
  readonly sequentialServer: Histogram;
  readonly concurrent: LatencyFigures;
  readonly concurrentServer: Histogram;
  readonly reads: LatencyFigures;
  readonly floor: LatencyFigures;
  readonly idle: LatencyFigures;
  readonly contactsRead: number;
}

/** Every HTTP run, from the load generator's process: generations (sequential, then in flight), the floor, then GET insights. */
async function measureOverHttp(
  load: LoadRunner,
  options: InsightsBenchOptions,
  requests: {
    readonly warmup: InsightsLoadRequest[];
    readonly sequential: InsightsLoadRequest[];
    readonly concurrent: InsightsLoadRequest[];
  },
): Promise<HttpFigures> {
  await load.run('generate', requests.warmup, ['--concurrency', '2']);
  let before = await load.generationHistogram();
  const sequential = await load.run('generate', requests.sequential, ['--concurrency', '1']);
  let after = await load.generationHistogram();
  const sequentialServer = difference(after, before);
  before = after;
  const concurrent = await load.run('generate', requests.concurrent, ['--concurrency', String(options.concurrency)]);
  after = await load.generationHistogram();
  const concurrentServer = difference(after, before);
  // Generated insights are projected by serve's write side: read once they all are.
  await load.waitForInsights([requests.sequential.at(-1)!, requests.concurrent.at(-1)!]);
  const generated = [...requests.sequential, ...requests.concurrent];
  const openLoop = ['--rate', String(options.rate), '--seconds', String(options.seconds), '--warmup', '500'];
  const idle = await load.run('idle', generated, openLoop);
  const floor = await load.run('floor', generated, openLoop);
  const reads = await load.run('read', generated, openLoop);
  return { sequential, sequentialServer, concurrent, concurrentServer, reads, floor, idle, contactsRead: generated.length };
}

function printFigures(
  options: InsightsBenchOptions,
  storeDescription: string,
  inProcess: InProcessFigures,
  http: HttpFigures,
  reads: ReadFigures,
): void {
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const latencyRow = (label: string, figures: LatencyFigures, note = '') => ({
    path: label,
    'p50 ms': figures.p50.toFixed(2),
    'p99 ms': figures.p99.toFixed(2),
    'max ms': figures.max.toFixed(2),
    'per second': figures.perSecond.toFixed(1),
    note,
  });
  const timingsRow = (label: string, timings: GenerationTimings) => ({
    path: label,
    'p50 ms': timings.p50Ms.toFixed(2),
    'p99 ms': timings.p99Ms.toFixed(2),
    'max ms': timings.maxMs.toFixed(2),
    'per second': timings.generationsPerSecond.toFixed(1),
    note: `CPU p50 ${timings.cpuP50Ms.toFixed(2)} ms, p99 ${timings.cpuP99Ms.toFixed(2)} ms`,
  });
  const generationTarget = (figures: LatencyFigures) =>
    `target p99 ≤ ${GENERATION_P99_TARGET_MS} ms: ${verdict(figures.p99 <= GENERATION_P99_TARGET_MS)}`;
  printTable(`Built-in generation (${options.generations.toLocaleString('en-US')} distinct contacts per run)`, [
    latencyRow(
      'in process: reading a contact’s inputs (read models, transcripts from the log)',
      inProcess.reads,
      `${inProcess.interactionsPerContact.toFixed(1)} interactions per contact`,
    ),
    timingsRow('in process: the generator alone, on those inputs', inProcess.generator),
    timingsRow('in process: the generator alone, 12 half-hour calls (worst case)', inProcess.longCalls),
    serverRow('serve: generator time (/metrics), sequential', http.sequentialServer),
    serverRow(`serve: generator time (/metrics), ${options.concurrency} in flight`, http.concurrentServer),
    latencyRow('POST insights at the client, sequential', http.sequential, generationTarget(http.sequential)),
    latencyRow(`POST insights at the client, ${options.concurrency} in flight`, http.concurrent, generationTarget(http.concurrent)),
  ]);
  printTable(
    `GET insights (${http.contactsRead.toLocaleString('en-US')} contacts in turn; open loop: ${options.rate} requests/s offered for ${options.seconds} s, each timed from when it was due)`,
    [
      latencyRow('in process: the read use case alone (sequential)', reads.useCase),
      latencyRow('floor: the load generator alone, no request (its timer lateness)', http.idle),
      latencyRow('floor: GET /health, same rate (same HTTP server, no query)', http.floor),
      latencyRow(
        'GET insights at the client',
        http.reads,
        `target p99 ≤ ${READ_P99_TARGET_MS} ms: ${verdict(http.reads.p99 <= READ_P99_TARGET_MS)}`,
      ),
    ],
  );
  printTable(
    'The GET use case’s reads, each alone, in process (it runs the last two concurrently, then reads activity documents only for interactions newer than the insights)',
    reads.steps.map(({ step, figures }) => ({ ...latencyRow(step, figures), 'per second': '' })),
  );
  console.log(
    `\ntargets on ${availableParallelism()} cores, ${storeDescription}:\n` +
      `  generation p99 ≤ ${GENERATION_P99_TARGET_MS} ms (POST at the client): ${verdict(http.sequential.p99 <= GENERATION_P99_TARGET_MS)} sequential (${http.sequential.p99.toFixed(1)} ms), ` +
      `${verdict(http.concurrent.p99 <= GENERATION_P99_TARGET_MS)} with ${options.concurrency} in flight (${http.concurrent.p99.toFixed(1)} ms)\n` +
      `  GET insights p99 ≤ ${READ_P99_TARGET_MS} ms at ${options.rate} requests/s: ${verdict(http.reads.p99 <= READ_P99_TARGET_MS)} (${http.reads.p99.toFixed(2)} ms; ` +
      `at that rate the /health floor's p99 is ${http.floor.p99.toFixed(2)} ms, the load generator's own ${http.idle.p99.toFixed(2)} ms)\n` +
      `load average now ${loadAverage()} (the machine is shared: compare runs, not single figures); bench process peak RSS ${peakRss()}`,
  );
}

/**
 * Loads the data set into an empty store and projects it; a store a previous run kept is reused when it
 * holds the same data set, recent enough (its traffic is regenerated only to pick the contacts). Returns
 * the contacts to measure, in the order they are measured.
 */
async function loadStore(url: string, options: InsightsBenchOptions): Promise<BenchContact[]> {
  const events = await openEventStore(url, { synchronous: 'NORMAL' });
  try {
    const head = await events.headPosition();
    const kept = head === 0 ? undefined : datasetOf((await events.read({ fromPosition: 1, limit: 1 })).events[0]?.eventId);
    const reusable =
      kept !== undefined &&
      kept.events === options.events &&
      kept.contacts === options.contacts &&
      Date.now() - kept.anchor.getTime() < REUSE_MAX_AGE_MS;
    if (head > 0 && !reusable) {
      if (!isPostgres(url))
        throw new Error(`${url} is not empty and not a recent bench:insights store of this size: give an empty or new path`);
      console.log('the bench database holds another or an older data set: loading it again');
      await events.close();
      await resetPostgres(url);
      return loadStore(url, options);
    }
    const dataset: BenchDataset = reusable ? kept : { anchor: freshAnchor(), events: options.events, contacts: options.contacts };
    const picker = new BenchContactPicker(WARMUP_CONTACTS + 2 * options.generations, dataset.anchor);
    if (reusable) {
      console.log(`reusing the kept data set (newest event ${dataset.anchor.toISOString()})`);
      for (const raw of trafficEvents(dataset.events, dataset.contacts, dataset.anchor)) picker.observe(raw);
    } else {
      let batch: HindsightEvent[] = [];
      let appended = 0;
      const started = now();
      const flush = async () => {
        await events.append(batch);
        appended += batch.length;
        batch = [];
        if (appended % 100_000 < 5000) process.stderr.write(`\rappended ${appended.toLocaleString('en-US')}   `);
      };
      for (const raw of allEvents(dataset)) {
        const result = validateEvent(raw);
        if (!result.ok) throw new Error(`synthetic event rejected: ${JSON.stringify(result.errors)}`);
        picker.observe(raw);
        batch.push(result.event);
        if (batch.length === 5000) await flush();
      }
      if (batch.length > 0) await flush();
      process.stderr.write('\n');
      console.log(
        `loaded: ${appended.toLocaleString('en-US')} events appended at ${perSecond(appended, now() - started)} events/s (newest event ${dataset.anchor.toISOString()})`,
      );
    }
    const readModels = await openReadModelStore(url);
    try {
      const started = now();
      const projected = await new ProjectionEngine(events, readModels, HINDSIGHT_PROJECTIONS, { batchSize: 10_000 }).catchUp();
      if (!reusable) console.log(`projected at ${perSecond(projected, now() - started)} events/s`);
    } finally {
      await readModels.close();
    }
    if (!reusable) await settle(url);
    return picker.contacts();
  } finally {
    await events.close().catch(() => undefined);
  }
}

/** The data set, one event at a time (a million never sit in memory at once). */
function* allEvents(dataset: BenchDataset) {
  yield* setupEvents(dataset);
  yield* trafficEvents(dataset.events, dataset.contacts, dataset.anchor);
}

async function storeFootprint(url: string) {
  const events = await openEventStore(url);
  try {
    return await events.footprint();
  } finally {
    await events.close();
  }
}

interface InProcessFigures {
  readonly reads: LatencyFigures;
  readonly interactionsPerContact: number;
  readonly generator: GenerationTimings;
  readonly longCalls: GenerationTimings;
}

/**
 * What a generation is made of, in this process (before serve starts): reading a contact's inputs as
 * the use case does (its activities of the window from the read models, the 12 most recent eligible
 * ones, their transcripts and summaries from the log, the language), then the built-in generator alone
 * on those inputs (`timeGenerations`), and on the worst case (12 half-hour calls).
 */
async function timeInProcess(url: string, contacts: readonly BenchContact[]): Promise<InProcessFigures> {
  const events: EventStore = await openEventStore(url);
  const store = await openReadModelStore(url);
  try {
    const readModels = new InsightsReadModels(store);
    const content = new InteractionContentReader(events);
    const inputs: GenerationInput[] = [];
    const durations: number[] = [];
    const started = now();
    for (const contact of contacts) {
      const begin = now();
      const window = insightsWindow(new Date().toISOString());
      const resolved = await readModels.contact(contact.workspaceId, contact.phone);
      const { conversation } = await readModels.requestContext(contact.workspaceId, BENCH_AGENT, {
        conversationId: contact.conversationId,
      });
      const selected = selectInsightsInteractions(
        await readModels.activities(contact.workspaceId, resolved, window.from, window.to),
        window,
      );
      const interactions = await content.interactions(selected);
      const inbox = conversation?.inboxId === undefined ? undefined : await readModels.inbox(contact.workspaceId, conversation.inboxId);
      const language = insightsLanguage(
        interactions.flatMap((interaction) => (interaction.language ? [interaction.language] : [])),
        inbox?.language ?? 'en',
      );
      inputs.push({ language, interactions });
      durations.push(now() - begin);
    }
    return {
      reads: summarise(durations, now() - started),
      interactionsPerContact: inputs.reduce((sum, input) => sum + input.interactions.length, 0) / inputs.length,
      generator: await timeGenerations(inputs, { runs: inputs.length, warmup: 100 }),
      longCalls: await timeGenerations([longCallsInput('fr'), longCallsInput('en', 300, 2), longCallsInput('es', 300, 3)], {
        runs: 60,
        warmup: 6,
      }),
    };
  } finally {
    await store.close();
    await events.close();
  }
}

interface ReadFigures {
  readonly useCase: LatencyFigures;
  /** The use case's reads one at a time (it runs some of them concurrently). */
  readonly steps: ReadonlyArray<{ readonly step: string; readonly figures: LatencyFigures }>;
}

/**
 * The GET's use case alone (`ReadContactInsights`, as serve runs it) on the contacts generated over HTTP,
 * then each of its reads alone: what the HTTP figures are made of.
 */
async function timeReadsInProcess(url: string, contacts: readonly BenchContact[]): Promise<ReadFigures> {
  const events = await openEventStore(url);
  const store = await openReadModelStore(url);
  try {
    const readModels = new InsightsReadModels(store);
    const read = new ReadContactInsights(readModels, events, systemClock);
    const call = (index: number) => {
      const contact = contacts[index % contacts.length];
      return read.execute({ workspaceId: contact.workspaceId, contact: contact.phone, userId: BENCH_AGENT });
    };
    await measureLatency(500, 1, call);
    const useCase = await measureLatency(contacts.length, 1, call);
    const steps = new Map<string, number[]>();
    const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
      const started = now();
      const result = await work();
      steps.set(step, [...(steps.get(step) ?? []), now() - started]);
      return result;
    };
    const started = now();
    for (const { workspaceId, phone } of contacts) {
      const contact = await timed('contact: identity read model (find, + documents when identified)', () =>
        readModels.contact(workspaceId, phone),
      );
      await timed('requestContext: workspace, user and insights documents (one load)', () =>
        readModels.requestContext(workspaceId, BENCH_AGENT, { contact }),
      );
      await timed('activityHits: every index entry of the contact (find, no document)', () =>
        readModels.activityHits(workspaceId, contact, '0000-01-01T00:00:00.000Z', new Date().toISOString()),
      );
    }
    const elapsed = now() - started;
    return { useCase, steps: [...steps].map(([step, durations]) => ({ step, figures: summarise(durations, elapsed) })) };
  } finally {
    await store.close();
    await events.close();
  }
}

/** Latency figures of timed runs (sorted in place); `perSecond` over `elapsedMs`. */
function summarise(durations: number[], elapsedMs: number): LatencyFigures {
  durations.sort((left, right) => left - right);
  const at = (rank: number) => durations[Math.min(durations.length - 1, Math.floor(rank * durations.length))];
  return {
    requests: durations.length,
    p50: at(0.5),
    p99: at(0.99),
    max: durations.at(-1)!,
    perSecond: (durations.length / elapsedMs) * 1000,
  };
}

/** Runs `bin/bench insights-load` (another process) against serve. */
class LoadRunner {
  constructor(private readonly baseUrl: string) {}

  async run(mode: InsightsLoadMode, requests: readonly InsightsLoadRequest[], flags: readonly string[]): Promise<LatencyFigures> {
    const file = join(tmpdir(), `hindsight-insights-load-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(requests));
    try {
      const { stdout } = await promisify(execFile)(
        join(ROOT, 'bin/bench'),
        ['insights-load', '--url', this.baseUrl, '--requests', file, '--mode', mode, ...flags],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as LatencyFigures;
    } finally {
      rmSync(file, { force: true });
    }
  }

  generationHistogram(): Promise<Histogram> {
    return generationHistogram(this.baseUrl);
  }

  /** Waits (60 s at most) until serve answers the insights of these contacts. */
  async waitForInsights(requests: readonly InsightsLoadRequest[]): Promise<void> {
    for (const request of requests) {
      for (let waited = 0; ; waited += 100) {
        const response = await fetch(
          `${this.baseUrl}/v1/workspaces/${request.workspaceId}/contacts/${encodeURIComponent(request.phone)}/insights`,
          {
            headers: { authorization: `Bearer ${request.token}` },
          },
        );
        await response.arrayBuffer();
        if (response.status === 200) break;
        if (waited > 60_000) throw new Error(`the insights of ${request.phone} were never readable (HTTP ${response.status})`);
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  }
}

interface Histogram {
  readonly buckets: ReadonlyMap<string, number>;
  readonly sum: number;
  readonly count: number;
}

/** serve's `hindsight_insights_generation_seconds{provider="builtin"}` histogram, from /metrics. */
async function generationHistogram(baseUrl: string): Promise<Histogram> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const buckets = new Map<string, number>();
  let sum = 0;
  let count = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('hindsight_insights_generation_seconds') || !line.includes('provider="builtin"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const bound = /le="([^"]+)"/.exec(line)?.[1];
    if (bound !== undefined) buckets.set(bound, value);
    else if (line.startsWith('hindsight_insights_generation_seconds_sum')) sum = value;
    else if (line.startsWith('hindsight_insights_generation_seconds_count')) count = value;
  }
  return { buckets, sum, count };
}

const difference = (after: Histogram, before: Histogram): Histogram => ({
  buckets: new Map([...after.buckets].map(([bound, value]) => [bound, value - (before.buckets.get(bound) ?? 0)])),
  sum: after.sum - before.sum,
  count: after.count - before.count,
});

/** The histogram gives no exact percentiles: its mean, and the bucket under which 50% and 99% of the generations fall. */
function serverRow(label: string, histogram: Histogram): Record<string, string> {
  const under = (share: number) => {
    for (const [bound, value] of histogram.buckets)
      if (value >= share * histogram.count) return bound === '+Inf' ? '> 120 s' : `≤ ${Number(bound) * 1000}`;
    return '?';
  };
  const within = (bound: string) => `${(((histogram.buckets.get(bound) ?? 0) / Math.max(histogram.count, 1)) * 100).toFixed(1)}%`;
  return {
    path: label,
    'p50 ms': under(0.5),
    'p99 ms': under(0.99),
    'max ms': '',
    'per second': '',
    note: `${histogram.count} generations, mean ${((histogram.sum / Math.max(histogram.count, 1)) * 1000).toFixed(2)} ms, ≤ 10 ms: ${within('0.01')}, ≤ 50 ms: ${within('0.05')}`,
  };
}
