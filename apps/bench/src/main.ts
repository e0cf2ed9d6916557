import { Command, InvalidArgumentError } from 'commander';
import { writeFileSync } from 'node:fs';
import { demoDataset } from '@app/events/testing/demo-dataset';
import { APPEND_PATH_NAMES, type AppendPathName, DEFAULT_APPEND_PATHS } from './append-paths';
import { benchAppend } from './append.bench';
import { benchDesktop } from './desktop.bench';
import { grpcLoad } from './grpc-load';
import { serveRecordedAnswer, serveRecordedAnswerOverHttp2 } from './grpc-floor.server';
import { benchHistory, HISTORY_PARTS, type HistoryPart } from './history.bench';
import { ingestLoad } from './history-ingest-load';
import { benchInsights } from './insights.bench';
import { INSIGHTS_LOAD_MODES, insightsLoad, type InsightsLoadMode } from './insights-load';
import { benchKafka } from './kafka.bench';
import type { Load } from './latency';
import { benchParse } from './parse.bench';
import { benchStore } from './store.bench';

const count = (value: string) => {
  const parsed = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer');
  return parsed;
};

const program = new Command('bench').description('Hindsight benchmarks: they print figures, they assert nothing');

program
  .command('store')
  .description('Append synthetic events to each event store adapter, read them back, compare with a plain INSERT loop')
  .option('--events <n>', 'events to append', count, 1_000_000)
  .option('--batch-size <n>', 'events per append', count, 5000)
  .option('--engines <list>', 'comma-separated: sqlite,postgres', 'sqlite,postgres')
  .option('--sqlite-synchronous <mode>', 'FULL (every commit synced) or NORMAL (survives process crashes only)', 'FULL')
  .option('--ids <list>', 'id styles, comma-separated: sequential (producer counters), random (UUIDs)', 'sequential,random')
  .option(
    '--postgres <url>',
    'maintenance database URL of the PostgreSQL server',
    process.env.HINDSIGHT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  )
  .action(
    async (flags: { events: number; batchSize: number; engines: string; ids: string; postgres: string; sqliteSynchronous: string }) => {
      const idStyles = flags.ids
        .split(',')
        .filter((style): style is 'sequential' | 'random' => style === 'sequential' || style === 'random');
      await benchStore({
        events: flags.events,
        batchSize: flags.batchSize,
        engines: flags.engines.split(','),
        idStyles,
        postgresUrl: flags.postgres,
        sqliteSynchronous: flags.sqliteSynchronous === 'NORMAL' ? 'NORMAL' : 'FULL',
      });
    },
  );

program
  .command('append')
  .description(
    "One event per call on PostgreSQL, side by side in turns: Emmett's appendToStream, Hindsight's ingest use case through the writer thread, serve over HTTP (issue 13)",
  )
  .option(
    '--store <url>',
    'PostgreSQL server URL (its maintenance database): every run gets a fresh database there, dropped after it',
    process.env.HINDSIGHT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  )
  .option('--events <n>', 'events per run, one per call', count, 20_000)
  .option('--concurrency <list>', 'appends in flight, comma-separated: a row each', '1,8,32')
  .option('--turns <n>', 'runs of each path at each concurrency (which path goes first alternates)', count, 2)
  .option(
    '--paths <list>',
    `comma-separated: ${APPEND_PATH_NAMES.join(',')} (store: the event store alone behind the group commit, a diagnosis)`,
    DEFAULT_APPEND_PATHS.join(','),
  )
  .action(async (flags: { store: string; events: number; concurrency: string; turns: number; paths: string }) => {
    const paths = flags.paths.split(',').filter((path) => path !== '');
    const unknown = paths.filter((path) => !APPEND_PATH_NAMES.includes(path as AppendPathName));
    if (unknown.length > 0)
      throw new InvalidArgumentError(`--paths: unknown ${unknown.join(', ')} (paths: ${APPEND_PATH_NAMES.join(', ')})`);
    await benchAppend({ ...flags, concurrency: flags.concurrency.split(',').map(count), paths: paths as AppendPathName[] });
  });

program
  .command('parse')
  .description('Parse and validate synthetic CloudEvents with the shared parser')
  .option('--events <n>', 'events to parse', count, 200_000)
  .action((flags: { events: number }) => benchParse(flags.events));

program
  .command('history')
  .description(
    'Projection throughput from zero and GetHistory latency in process and over gRPC (serve), with the voice agent’s deadline under load (issue 13)',
  )
  .option(
    '--store <url>',
    'sqlite:PATH, or a PostgreSQL server URL (the bench creates its own database there); default: a temporary SQLite file',
  )
  .option('--events <n>', 'events in the log', count, 1_000_000)
  .option('--contacts <n>', 'distinct contacts', count, 100_000)
  .option('--queries <n>', 'distinct requests (callers of the last three weeks); closed-loop runs make each once', count, 20_000)
  .option('--keep-store', 'keep the store (a later run with the same --store, --events and --contacts reuses it)')
  .option('--copy-log <path>', 'copy the event log to this SQLite file before projecting (to rerun `hindsight project --rebuild` on it)')
  .option('--only <parts>', `gRPC runs to make, comma-separated: ${HISTORY_PARTS.join(',')}`, HISTORY_PARTS.join(','))
  .option('--mixed-seconds <n>', 'how long the calls with HTTP ingest last', count, 60)
  .option(
    '--deadline-ms <n>',
    "serve's fail-open deadline (HINDSIGHT_HISTORY_DEADLINE_MS); answers after it + 20 ms count as late",
    count,
    150,
  )
  .action(
    async (flags: {
      store?: string;
      events: number;
      contacts: number;
      queries: number;
      keepStore?: boolean;
      copyLog?: string;
      only: string;
      mixedSeconds: number;
      deadlineMs: number;
    }) => {
      const only = flags.only.split(',').filter((part) => part !== '');
      const unknown = only.filter((part) => !HISTORY_PARTS.includes(part as HistoryPart));
      if (unknown.length > 0) throw new InvalidArgumentError(`--only: unknown ${unknown.join(', ')} (parts: ${HISTORY_PARTS.join(', ')})`);
      await benchHistory({ ...flags, keepStore: flags.keepStore === true, only: only as HistoryPart[] });
    },
  );

program
  .command('kafka')
  .description('Produce to a multi-partition topic on the local broker, then time Kafka → queryable history')
  .option('--events <n>', 'events to produce', count, 1_000_000)
  .option('--partitions <n>', 'topic partitions', count, 8)
  .option('--brokers <list>', 'brokers', '127.0.0.1:19092')
  .option('--projection-batch-size <n>', 'most events per projection batch (serve: HINDSIGHT_PROJECTION_BATCH_SIZE)', count, 10_000)
  .option('--consumers <n>', 'consumers of the group in the process (serve: HINDSIGHT_KAFKA_CONSUMERS)', count, 2)
  .action(async (flags: { events: number; partitions: number; brokers: string; projectionBatchSize: number; consumers: number }) => {
    await benchKafka(flags);
  });

program
  .command('insights')
  .description(
    'Contact insights on a real serve over 1,000,000 events: built-in generation p50/p99 and generations/s, GET insights p99 at a fixed rate',
  )
  .option(
    '--store <url>',
    'sqlite:PATH, or a PostgreSQL server URL (the bench creates its own database there); default: a temporary SQLite file',
  )
  .option('--events <n>', 'traffic events in the log', count, 1_000_000)
  .option('--contacts <n>', 'distinct contacts in the traffic', count, 100_000)
  .option('--generations <n>', 'distinct contacts per generation run (sequential, then concurrent)', count, 1000)
  .option('--concurrency <n>', 'generations in flight in the concurrent run', count, 4)
  .option('--rate <n>', 'GET insights offered per second (open loop)', count, 200)
  .option('--seconds <n>', 'how long the GET run lasts', count, 30)
  .option('--keep-store', 'keep the store (a later run with the same --store reuses it while it is under 3 days old)')
  .option('--cpu-prof <dir>', "write serve's CPU profiles (node --cpu-prof) to this directory")
  .option('--reads-only', 'on a kept store: only the GET use case in process, and its reads one by one')
  .action(
    async (flags: {
      store?: string;
      events: number;
      contacts: number;
      generations: number;
      concurrency: number;
      rate: number;
      seconds: number;
      keepStore?: boolean;
      cpuProf?: string;
      readsOnly?: boolean;
    }) => {
      await benchInsights({ ...flags, keepStore: flags.keepStore === true });
    },
  );

program
  .command('desktop')
  .description(
    "The agent desktop in Chromium on a real serve over the demo data: the bundle's size, cold page loads, and a live session's card from the POST of its event to the open page (alone and with other streams open)",
  )
  .option(
    '--store <url>',
    'sqlite:PATH, or a PostgreSQL server URL (the bench creates its own database there); default: a temporary SQLite file',
  )
  .option('--rounds <n>', 'page loads, and live sessions, measured', count, 30)
  .option('--streams <n>', "other agents' update streams open on the same contact in the fan-out run", count, 200)
  .option('--keep-store', 'keep the store')
  .action(async (flags: { store?: string; rounds: number; streams: number; keepStore?: boolean }) => {
    await benchDesktop({ ...flags, keepStore: flags.keepStore === true });
  });

program
  .command('insights-load', { hidden: true })
  .description('Load generator for bench insights: POST or GET insights from this process, figures as JSON')
  .requiredOption('--url <url>', "serve's HTTP address")
  .requiredOption('--requests <file>', 'JSON array of requests (token, workspaceId, phone, conversationId)')
  .requiredOption('--mode <mode>', 'generate (POST, each request once), read (GET), floor (GET /health) or idle (no request)')
  .option('--concurrency <n>', 'requests in flight (closed loop)', count, 1)
  .option('--rate <n>', 'requests started per second instead, whatever the answers (open loop)', count)
  .option('--seconds <n>', 'open loop: how long', count, 30)
  .option('--warmup <n>', 'read: untimed requests first', (value) => Number(value), 0)
  .action(
    async (flags: { url: string; requests: string; mode: string; concurrency: number; rate?: number; seconds: number; warmup: number }) => {
      if (!INSIGHTS_LOAD_MODES.includes(flags.mode as InsightsLoadMode))
        throw new InvalidArgumentError(`--mode must be one of ${INSIGHTS_LOAD_MODES.join(', ')}`);
      const figures = await insightsLoad({
        baseUrl: flags.url,
        requestsFile: flags.requests,
        mode: flags.mode as InsightsLoadMode,
        load: flags.rate === undefined ? { concurrency: flags.concurrency } : { perSecond: flags.rate },
        seconds: flags.seconds,
        warmup: flags.warmup,
      });
      console.log(JSON.stringify(figures));
    },
  );

program
  .command('grpc-load', { hidden: true })
  .description('Load generator for bench history: GetHistory calls from this process, figures as JSON')
  .requiredOption('--port <n>', 'server port', count)
  .requiredOption('--requests <file>', 'JSON array of requests')
  .option('--concurrency <n>', 'calls in flight (closed loop)', count, 1)
  .option('--rate <n>', 'calls started per second instead, whatever the answers (open loop)', count)
  .option('--rounds <n>', 'or bursts: this many rounds of --burst calls sent at once', count)
  .option('--burst <n>', 'calls per burst', count, 200)
  .option('--seconds <n>', 'open loop: how long', count, 6)
  .option('--warmup <n>', 'untimed calls first', (value) => Number(value), 2000)
  .option('--late-ms <n>', 'answers later than this count as late', count, 170)
  .option('--metrics-url <url>', "serve's HTTP address: its /metrics counters over the measured calls are reported too")
  .option('--server-pid <n>', "the server's process: its CPU time per measured call is reported too (Linux)", count)
  .option('--database-cpu', "the server's store is this machine's PostgreSQL: its processes' CPU per measured call too")
  .action(
    async (flags: {
      port: number;
      requests: string;
      concurrency: number;
      rate?: number;
      rounds?: number;
      burst: number;
      seconds: number;
      warmup: number;
      lateMs: number;
      metricsUrl?: string;
      serverPid?: number;
      databaseCpu?: boolean;
    }) => {
      const load: Load =
        flags.rate !== undefined
          ? { perSecond: flags.rate }
          : flags.rounds !== undefined
            ? { rounds: flags.rounds, size: flags.burst }
            : { concurrency: flags.concurrency };
      const figures = await grpcLoad({
        port: flags.port,
        requestsFile: flags.requests,
        load,
        seconds: flags.seconds,
        warmup: flags.warmup,
        lateAfterMs: flags.lateMs,
        metricsUrl: flags.metricsUrl,
        serverPid: flags.serverPid,
        databaseCpu: flags.databaseCpu === true,
      });
      console.log(JSON.stringify(figures));
    },
  );

program
  .command('history-ingest', { hidden: true })
  .description('HTTP ingest beside bench history: one new event per POST /v1/events at a fixed rate until SIGTERM, figures as JSON')
  .requiredOption('--url <url>', "serve's HTTP address")
  .requiredOption('--end <time>', 'event times are spread over the day before this instant')
  .option('--rate <n>', 'events offered per second', count, 2000)
  .option('--contacts <n>', 'distinct contacts', count, 100_000)
  .option('--in-flight <n>', 'requests in flight at most', count, 32)
  .action(async (flags: { url: string; end: string; rate: number; contacts: number; inFlight: number }) => {
    const stop = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
    const figures = await ingestLoad({
      baseUrl: flags.url,
      perSecond: flags.rate,
      contacts: flags.contacts,
      end: new Date(flags.end),
      inFlight: flags.inFlight,
      stop,
    });
    console.log(JSON.stringify(figures));
  });

program
  .command('grpc-floor', { hidden: true })
  .description('The gRPC server of bench history answering one recorded response; prints its port when ready')
  .requiredOption('--answer <file>', 'the HistoryResponse to answer, as JSON')
  .option('--bare-http2', 'answer with node:http2 alone, no gRPC library')
  .action((flags: { answer: string; bareHttp2?: boolean }) =>
    flags.bareHttp2 ? serveRecordedAnswerOverHttp2(flags.answer) : serveRecordedAnswer(flags.answer),
  );

program
  .command('generate-demo')
  .description('Regenerate the bundled demo data set (deterministic)')
  .option('--out <file>', 'where to write the NDJSON', 'samples/demo-events.ndjson')
  .action((flags: { out: string }) => {
    const events = demoDataset();
    writeFileSync(flags.out, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
    console.log(`${events.length} events written to ${flags.out}`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
