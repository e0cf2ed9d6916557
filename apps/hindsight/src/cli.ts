import 'reflect-metadata';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SCOPES } from '@app/auth';
import { DEFAULT_STORE_URL, type HindsightConfig, loadConfig } from '@app/config';
import { EVENT_TYPES } from '@app/events';
import { runCommand } from './cli.module';
import { DemoCommand, demoEnd } from './commands/demo.command';
import { EventsCommand } from './commands/events.command';
import { HistoryCommand } from './commands/history.command';
import { IngestCommand, openInput } from './commands/ingest.command';
import { ProjectCommand } from './commands/project.command';
import { QuarantineCommand } from './commands/quarantine.command';
import { mintToken } from './commands/token.command';
import { consume } from './serve/consume.command';
import { serve } from './serve/serve.command';

const storeOption = () =>
  new Option('--store <url>', `event store: sqlite:PATH or postgres://… (default: $HINDSIGHT_STORE, then ${DEFAULT_STORE_URL})`);

const positiveInteger = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return Number(value);
};

const port = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) > 65_535) throw new InvalidArgumentError(`${name} must be a port number (0-65535)`);
  return Number(value);
};

const timestamp = (name: string) => (value: string) => {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`${name} must be an ISO 8601 timestamp`);
  return new Date(value).toISOString();
};

/** Repeatable `--position`: positive integers. */
const collectPosition = (value: string, previous: number[] = []) => [...previous, positiveInteger('--position')(value)];

/** Repeatable `--type`: each value must be a catalogue type. */
const collectType = (value: string, previous: string[] = []) => {
  if (!(EVENT_TYPES as string[]).includes(value)) {
    throw new InvalidArgumentError(`unknown event type "${value}"; expected one of ${EVENT_TYPES.join(', ')}`);
  }
  return [...previous, value];
};

/** Repeatable `--scope`: each value (or space/comma-separated list) must be a scope a service can be granted. */
const collectScope = (value: string, previous: string[] = []) => {
  const scopes = value.split(/[\s,]+/).filter((scope) => scope !== '');
  const unknown = scopes.find((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown !== undefined || scopes.length === 0)
    throw new InvalidArgumentError(`unknown scope "${unknown ?? value}"; expected ${SCOPES.join(', ')}`);
  return [...new Set([...previous, ...scopes])];
};

const configFrom = (flags: { store?: string; batchSize?: number }): HindsightConfig =>
  loadConfig(process.env, { store: flags.store, ingestBatchSize: flags.batchSize });

/** The `hindsight` command line. Each subcommand validates its flags and the configuration, then runs. */
export function buildCli(): Command {
  const program = new Command('hindsight')
    .description('Event-sourced conversation history and contact insights for contact centers')
    .showHelpAfterError()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('ingest')
    .description('Validate NDJSON CloudEvents and append them to the event store')
    .argument('<file>', 'NDJSON file, or - for standard input')
    .addOption(storeOption())
    .option('--rejects <file>', 'write rejected lines (with the reason and the raw line) to this file instead of stderr')
    .option(
      '--batch-size <n>',
      'events per append transaction (default: $HINDSIGHT_INGEST_BATCH_SIZE, then 5000)',
      positiveInteger('--batch-size'),
    )
    .addHelpText(
      'after',
      '\nThe last line on stdout is a JSON summary: {"accepted":N,"duplicates":N,"rejected":N}.\nExit code 0 when the file was processed, even with rejected lines; 1 on a fatal error.',
    )
    .action(async (file: string, flags: { store?: string; rejects?: string; batchSize?: number }) => {
      const config = configFrom(flags);
      const input = await openInput(file, process.stdin);
      await runCommand(config, IngestCommand, (command) =>
        command.run(input, { rejects: flags.rejects, stdout: process.stdout, stderr: process.stderr }),
      );
    });

  program
    .command('demo')
    .description('Load the bundled demo data set (what npm start loads), dated to end an hour ago, or at --end')
    .addOption(storeOption())
    .option('--end <iso>', 'when the demo data ends (default: an hour ago, on the hour)', timestamp('--end'))
    .addHelpText('after', '\nIdempotent: ids do not depend on the date, so loading it again stores nothing new.')
    .action(async (flags: { store?: string; end?: string }) => {
      const end = flags.end === undefined ? demoEnd(new Date()) : new Date(flags.end);
      await runCommand(configFrom(flags), DemoCommand, (command) => command.run(end, { stdout: process.stdout, stderr: process.stderr }));
    });

  program
    .command('events')
    .description('Print stored events as NDJSON CloudEvents, in log order')
    .addOption(storeOption())
    .option('--from-position <n>', 'first position to print (default 1)', positiveInteger('--from-position'))
    .option('--type <type>', 'only this event type (repeatable)', collectType)
    .option('--workspace <id>', 'only this workspace')
    .option('--from-time <iso>', 'only events whose time is at or after this instant', timestamp('--from-time'))
    .option('--to-time <iso>', 'only events whose time is before this instant', timestamp('--to-time'))
    .action(
      async (flags: { store?: string; fromPosition?: number; type?: string[]; workspace?: string; fromTime?: string; toTime?: string }) => {
        const filter = {
          fromPosition: flags.fromPosition,
          types: flags.type,
          workspaceId: flags.workspace,
          fromTime: flags.fromTime,
          toTime: flags.toTime,
        };
        await runCommand(configFrom(flags), EventsCommand, (command) => command.run(filter, process.stdout));
      },
    );

  program
    .command('history')
    .description("The voice agent's history of one caller with one inbox (the same answer as gRPC GetHistory), as JSON")
    .addOption(storeOption())
    .requiredOption('--workspace <id>', 'workspace')
    .requiredOption('--inbox <id>', 'inbox')
    .option('--phone <e164>', 'the caller, by phone number')
    .option('--contact <id>', 'the caller, by contactId')
    .option('--at <iso>', 'answer as of this instant (default: now)')
    .option('--no-catch-up', 'answer from the read models as they are, without projecting new events first')
    .action(
      async (flags: {
        store?: string;
        workspace: string;
        inbox: string;
        phone?: string;
        contact?: string;
        at?: string;
        catchUp: boolean;
      }) => {
        await runCommand(configFrom(flags), HistoryCommand, (command) => command.run(flags, process.stdout));
      },
    );

  program
    .command('project')
    .description('Project new events into the read models (or rebuild them from the whole log), showing throughput')
    .addOption(storeOption())
    .option('--rebuild', 'delete the read models and rebuild them from position 1', false)
    .option(
      '--batch-size <n>',
      'events per projection transaction (default: $HINDSIGHT_PROJECTION_BATCH_SIZE, then 5000)',
      positiveInteger('--batch-size'),
    )
    .action(async (flags: { store?: string; rebuild: boolean; batchSize?: number }) => {
      // Offline, bigger batches go faster; `serve` keeps the configured (smaller) batches so that a
      // synchronous SQLite commit never holds the event loop long while gRPC calls wait.
      const batchSize = flags.batchSize ?? (process.env.HINDSIGHT_PROJECTION_BATCH_SIZE ? undefined : 5000);
      const config = loadConfig(process.env, { store: flags.store, projectionBatchSize: batchSize });
      await runCommand(config, ProjectCommand, (command) => command.run({ rebuild: flags.rebuild }, process.stdout, process.stderr));
    });

  const quarantine = program
    .command('quarantine')
    .description('Events a projection could not fold: list them, or re-fold them after a fix')
    .addHelpText(
      'after',
      '\nA fold that throws does not stop the projection: the event is kept aside for that projection (quarantined) and the rest goes on.',
    );

  quarantine
    .command('list')
    .description('Print the quarantined events (position, projection, event id, type, workspace, attempts, error)')
    .addOption(storeOption())
    .option('--json', 'print a JSON array instead of a table', false)
    .action(async (flags: { store?: string; json: boolean }) => {
      await runCommand(configFrom(flags), QuarantineCommand, (command) => command.list({ json: flags.json }, process.stdout));
    });

  quarantine
    .command('retry')
    .description('Re-fold quarantined events (after a fix), by a running serve or here; waits for the outcome')
    .addOption(storeOption())
    .option('--position <n>', 'the quarantined event at this log position (repeatable)', collectPosition)
    .option('--all', 'every quarantined event', false)
    .option('--timeout <seconds>', 'how long to wait for the re-folds (default 30)', positiveInteger('--timeout'), 30)
    .addHelpText(
      'after',
      '\nThe last stdout line is {"requested":N,"refolded":N,"failed":N,"pending":N}; exit code 1 unless every event was re-folded.\n' +
        'A re-fold applies the event on top of the events projected since (projections keep the newest fact by event time).',
    )
    .action(async (flags: { store?: string; position?: number[]; all: boolean; timeout: number }, command: Command) => {
      if (flags.all === (flags.position !== undefined)) command.error('error: give either --position N (repeatable) or --all');
      const options = { positions: flags.all ? ('all' as const) : flags.position!, timeoutMilliseconds: flags.timeout * 1000 };
      await runCommand(configFrom(flags), QuarantineCommand, (quarantined) => quarantined.retry(options, process.stdout, process.stderr));
    });

  program
    .command('serve')
    .description('Run HTTP ingest (POST /v1/events), the projection engine and the gRPC history API in one process')
    .addOption(storeOption())
    .option('--grpc-port <port>', 'gRPC port (default: $HINDSIGHT_GRPC_PORT, then 50051; 0 = any free port)', port('--grpc-port'))
    .option('--http-port <port>', 'HTTP port (default: $HINDSIGHT_HTTP_PORT, then 3000; 0 = any free port)', port('--http-port'))
    .option('--kafka <brokers>', 'also consume Kafka (host:port,…; default: $HINDSIGHT_KAFKA_BROKERS, none when empty)')
    .addHelpText('after', '\nPrints one JSON line with the addresses when ready. SIGTERM or SIGINT stops it gracefully.')
    .action(async (flags: { store?: string; grpcPort?: number; httpPort?: number; kafka?: string }) => {
      await serve(
        loadConfig(process.env, { store: flags.store, grpcPort: flags.grpcPort, httpPort: flags.httpPort, kafkaBrokers: flags.kafka }),
        process.stdout,
      );
    });

  program
    .command('token')
    .description(
      'Print a bearer token signed with HINDSIGHT_JWT_SECRET, or without a key with the development key of serve (agent tokens only)',
    )
    .addOption(
      new Option('--store <url>', 'the store whose development key signs (it lives next to a SQLite store; default: $HINDSIGHT_STORE)'),
    )
    .requiredOption('--user <id>', "sub: the agent's userId, or with --scope the service's name")
    .option('--workspace <id>', "ws: the agent's workspace (required for an agent token); restricts a service token to it")
    .option('--scope <scope>', `a service token granted this scope (${SCOPES.join(', ')}; repeatable)`, collectScope)
    .option('--expires <duration>', 'lifetime: 30s, 15m, 12h, 7d', '12h')
    .addHelpText(
      'after',
      '\nThe token alone is printed on stdout: curl -H "authorization: Bearer $(bin/hindsight token --user U --workspace W)" …',
    )
    .action(async (flags: { store?: string; user: string; workspace?: string; scope?: string[]; expires: string }) => {
      const options = { user: flags.user, workspace: flags.workspace, scopes: flags.scope, expires: flags.expires };
      await mintToken(configFrom(flags), options, process.stdout);
    });

  program
    .command('consume')
    .description('The standalone ingestion app: Kafka into the event store (run several in one consumer group to scale out)')
    .addOption(storeOption())
    .requiredOption('--kafka <brokers>', 'Kafka brokers host:port,… (or $HINDSIGHT_KAFKA_BROKERS)', process.env.HINDSIGHT_KAFKA_BROKERS)
    .option('--group <id>', 'consumer group (default: $HINDSIGHT_KAFKA_GROUP_ID, then hindsight-ingestion)')
    .option(
      '--topics <list>',
      'topics (default: $HINDSIGHT_KAFKA_TOPICS, then calls,messages,voicemails,wrap-codes,sessions,contacts,config)',
    )
    .addHelpText(
      'after',
      '\nPrints one JSON line when ready; invalid messages go to the dead-letter topic ($HINDSIGHT_KAFKA_DEAD_LETTER_TOPIC, hindsight.dlq).',
    )
    .action(async (flags: { store?: string; kafka: string; group?: string; topics?: string }) => {
      await consume(
        loadConfig(process.env, { store: flags.store, kafkaBrokers: flags.kafka, kafkaGroupId: flags.group, kafkaTopics: flags.topics }),
        process.stdout,
      );
    });

  return program;
}
