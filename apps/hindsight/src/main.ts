import { ConfigError } from '@app/config';
import { EventStoreError } from '@app/event-store';
import { HistoryRequestError } from '@app/history';
import { buildCli } from './cli';
import { CommandError } from './commands/output';

/** Errors users can act on get one clear line; anything else is a bug and keeps its stack. */
function report(error: unknown): void {
  if (
    error instanceof CommandError ||
    error instanceof ConfigError ||
    error instanceof EventStoreError ||
    error instanceof HistoryRequestError
  ) {
    process.stderr.write(`hindsight: ${error.message}\n`);
  } else {
    process.stderr.write(`hindsight: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  }
}

// A reader that stops early (`hindsight events | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

buildCli()
  .parseAsync(process.argv)
  .then(() => {
    process.exitCode ??= 0;
  })
  .catch((error: unknown) => {
    report(error);
    process.exitCode = 1;
    // A command that failed must end even if something it started still holds the event loop (a server
    // whose start failed half-way: its threads, its other port); a supervisor then sees the failure.
    setTimeout(() => process.exit(1), 5_000).unref();
  });
