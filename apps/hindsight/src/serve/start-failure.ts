import { CommandError } from '../commands/output';

/**
 * A long-running command that could not start (a port taken, a store it cannot open, Kafka out of
 * reach): one line naming the cause, printed by main.ts, which then exits 1. Drivers' messages may
 * span lines, and the store URL's password must never reach a terminal or a log collector.
 */
export function couldNotStart(command: 'serve' | 'consume', error: unknown, storeUrl: string): CommandError {
  let reason = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
  for (const secret of passwordsOf(storeUrl)) reason = reason.split(secret).join('***');
  return new CommandError(`${command} could not start: ${reason}`, { cause: error });
}

/** The password of a `postgres://user:password@…` URL, as written and decoded. */
function passwordsOf(storeUrl: string): string[] {
  try {
    const password = new URL(storeUrl).password;
    return password === '' ? [] : [...new Set([password, decodeURIComponent(password)])];
  } catch {
    return [];
  }
}
