import { Command, InvalidArgumentError } from 'commander';
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
  .option('--batch-size <n>', 'events per append', count, 1000)
  .option('--engines <list>', 'comma-separated: sqlite,postgres', 'sqlite,postgres')
  .option('--postgres <url>', 'maintenance database URL of the PostgreSQL server', process.env.HINDSIGHT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  .action(async (flags: { events: number; batchSize: number; engines: string; postgres: string }) => {
    await benchStore({ events: flags.events, batchSize: flags.batchSize, engines: flags.engines.split(','), postgresUrl: flags.postgres });
  });

program
  .command('parse')
  .description('Parse and validate synthetic CloudEvents with the shared parser')
  .option('--events <n>', 'events to parse', count, 200_000)
  .action((flags: { events: number }) => benchParse(flags.events));

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
