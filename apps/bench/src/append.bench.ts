import { availableParallelism, cpus } from 'node:os';
import { Client } from 'pg';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { APPEND_PATHS, type AppendInput, type AppendPathName } from './append-paths';
import { loadAverage } from './bench-store';
import { measureLatency } from './latency';
import { printTable } from './measure';
import { cpuBetween, type ProcessCpu } from './process-cpu';

export interface AppendBenchOptions {
  /** A PostgreSQL server URL (its maintenance database): each run gets a fresh database there, dropped after it. */
  readonly store: string;
  readonly events: number;
  readonly concurrency: readonly number[];
  /** Runs of every path at each concurrency; the path that goes first alternates from turn to turn. */
  readonly turns: number;
  readonly paths: readonly AppendPathName[];
}

/** Untimed appends first, of other events: the schema is created, connections open, the code compiled. */
const WARMUP_EVENTS = 500;
const SETTINGS = ['server_version', 'synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay', 'shared_buffers'];

interface Run {
  readonly path: AppendPathName;
  readonly concurrency: number;
  readonly turn: number;
  readonly milliseconds: number;
  readonly durations: readonly number[];
  readonly commits: number;
  /** serve's CPU over the timed appends (the HTTP path). */
  readonly serverCpu?: ProcessCpu;
}

/**
 * One event per call on PostgreSQL (issue 13): the same events appended by Emmett's `appendToStream`
 * and by Hindsight's ingest use case through the writer thread (and serve over HTTP), at each
 * concurrency in turns on the same server, a fresh database per run.
 */
export async function benchAppend(options: AppendBenchOptions): Promise<void> {
  if (options.store.startsWith('sqlite:')) throw new Error('bench append compares PostgreSQL appends: give a postgres:// server URL');
  const admin = new Client({ connectionString: options.store });
  await admin.connect();
  try {
    const settings = await admin.query<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1::text[])',
      [SETTINGS],
    );
    const inputs = toInputs(
      syntheticEvents(options.events, { contacts: 100_000, workspaces: 2, inboxesPerWorkspace: 10, idStyle: 'random' }),
    );
    const warmup = toInputs(syntheticEvents(WARMUP_EVENTS, { seed: 9, idStyle: 'random' }));
    console.log(
      `bench:append: ${options.events.toLocaleString('en-US')} synthetic events (random ids), one per call, on PostgreSQL at ${new URL(options.store).host} ` +
        `(${settings.rows.map((row) => `${row.name} ${row.setting}${row.unit ?? ''}`).join(', ')}), ` +
        `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadAverage()}`,
    );
    for (const name of options.paths) console.log(`  ${name}: ${APPEND_PATHS[name].description}`);
    const runs: Run[] = [];
    let serial = 0;
    for (const concurrency of options.concurrency)
      for (let turn = 0; turn < options.turns; turn++) {
        // ABBA…: neither path always runs first, after the other's writes.
        const order = turn % 2 === 0 ? options.paths : [...options.paths].reverse();
        for (const path of order) {
          const database = `hindsight_bench_append_${process.pid}_${++serial}`;
          const run = await withDatabase(admin, options.store, database, (url) =>
            runOnce(admin, url, path, concurrency, turn, inputs, warmup),
          );
          runs.push(run);
          console.log(
            `  concurrency ${concurrency}, turn ${turn + 1}, ${path}: ${Math.round((inputs.length / run.milliseconds) * 1000).toLocaleString('en-US')} events/s, ` +
              `${(inputs.length / run.commits).toFixed(1)} events/commit`,
          );
        }
      }
    printFigures(options, runs, inputs.length);
  } finally {
    await admin.end();
  }
}

const toInputs = (events: Iterable<AppendInput['event']>): AppendInput[] =>
  [...events].map((event) => ({ event, text: JSON.stringify(event) }));

async function withDatabase<T>(admin: Client, server: string, database: string, work: (url: string) => Promise<T>): Promise<T> {
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    const url = new URL(server);
    url.pathname = `/${database}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

async function runOnce(
  admin: Client,
  url: string,
  path: AppendPathName,
  concurrency: number,
  turn: number,
  inputs: readonly AppendInput[],
  warmup: readonly AppendInput[],
): Promise<Run> {
  const opened = await APPEND_PATHS[path].open(url, concurrency);
  try {
    await measureLatency(warmup.length, concurrency, (index) => opened.append(warmup[index]));
    // The previous run's dirty pages written out now, not during this one.
    await admin.query('CHECKPOINT');
    const durations: number[] = [];
    const cpuBefore = opened.serverCpu?.();
    const started = performance.now();
    await measureLatency(
      inputs.length,
      concurrency,
      (index) => opened.append(inputs[index]),
      (_answer, milliseconds) => durations.push(milliseconds),
    );
    const milliseconds = performance.now() - started;
    const serverCpu = cpuBetween(cpuBefore, opened.serverCpu?.());
    const stored = await opened.stored();
    if (stored !== inputs.length + warmup.length)
      throw new Error(`${path}: ${stored} events stored, ${inputs.length + warmup.length} appended`);
    return {
      path,
      concurrency,
      turn,
      milliseconds,
      durations,
      commits: await opened.commits(warmup.length),
      ...(serverCpu === undefined ? {} : { serverCpu }),
    };
  } finally {
    await opened.close();
  }
}

/** serve's CPU per event over every turn, all its threads (its main thread's share in parentheses); empty for in-process paths. */
function serverCpuPerEvent(runs: readonly Run[], events: number): string {
  const samples = runs.flatMap((run) => (run.serverCpu === undefined ? [] : [run.serverCpu]));
  if (samples.length === 0) return '';
  const perEvent = (seconds: number) => Math.round((seconds * 1e6) / (events * samples.length));
  const total = samples.reduce((sum, sample) => sum + sample.total, 0);
  const mainThread = samples.reduce((sum, sample) => sum + sample.mainThread, 0);
  return `${perEvent(total)} (${perEvent(mainThread)})`;
}

const quantile = (sorted: readonly number[], rank: number) => sorted[Math.min(sorted.length - 1, Math.floor(rank * sorted.length))];

function printFigures(options: AppendBenchOptions, runs: readonly Run[], events: number): void {
  const figures = (path: AppendPathName, concurrency: number) => {
    const mine = runs.filter((run) => run.path === path && run.concurrency === concurrency);
    const durations = mine.flatMap((run) => run.durations).sort((left, right) => left - right);
    const perSecond = (events * mine.length * 1000) / mine.reduce((sum, run) => sum + run.milliseconds, 0);
    return { mine, durations, perSecond };
  };
  const rows: Array<Record<string, string>> = [];
  for (const concurrency of options.concurrency)
    for (const path of options.paths) {
      const { mine, durations, perSecond } = figures(path, concurrency);
      const emmett = path !== 'emmett' && options.paths.includes('emmett') ? figures('emmett', concurrency).perSecond : undefined;
      rows.push({
        path,
        'in flight': String(concurrency),
        'events/s': Math.round(perSecond).toLocaleString('en-US'),
        'each turn': mine.map((run) => Math.round((events / run.milliseconds) * 1000).toLocaleString('en-US')).join(' / '),
        'p50 ms': quantile(durations, 0.5).toFixed(2),
        'p99 ms': quantile(durations, 0.99).toFixed(2),
        'max ms': durations[durations.length - 1].toFixed(1),
        'events/commit': ((events * mine.length) / mine.reduce((sum, run) => sum + run.commits, 0)).toFixed(1),
        '× Emmett': emmett === undefined ? '' : `${(perSecond / emmett).toFixed(2)}×`,
        'serve CPU µs/event (main thread)': serverCpuPerEvent(mine, events),
      });
    }
  printTable(
    `Appends of one event per call, ${events.toLocaleString('en-US')} events per run, ${options.turns} turns per path (events/s over all turns; p50/p99 of every append; events/commit: appends per transaction; × Emmett = events/s ratio; serve CPU: its process over the timed appends, from /proc)`,
    rows,
  );
  console.log(`load average now ${loadAverage()} (the machine is shared: compare the paths within this run, not single figures)`);
}
