import type { Writable } from 'node:stream';
import { once } from 'node:events';

/** Writes with back-pressure so a slow reader (a pipe, a terminal) never makes us buffer the whole output. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
}

/** A failure the user can act on: printed as one clear line, exit code 1, no stack trace. */
export class CommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CommandError';
  }
}
