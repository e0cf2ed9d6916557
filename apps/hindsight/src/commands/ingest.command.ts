import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { HindsightConfig } from '@app/config';
import { openEventStore } from '@app/event-store';
import { type IngestCounts, ingestNdjson, type Rejection } from '@app/ingestion';
import { CommandError, write } from './output';

export interface IngestCommandOptions {
  readonly file: string;
  readonly rejects?: string;
  readonly config: HindsightConfig;
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: NodeJS.WriteStream | Writable;
}

async function openInput(file: string, stdin: Readable): Promise<Readable> {
  if (file === '-') return stdin;
  // Open first so a missing or unreadable file is a clear fatal error before anything is stored.
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new CommandError(`cannot read ${file}: ${error.code ?? error.message}`, { cause: error });
  });
  return handle.createReadStream({ highWaterMark: 1024 * 1024 });
}

/**
 * `hindsight ingest`: NDJSON CloudEvents into the store. Rejected lines go to stderr (without the raw
 * line, as stderr often ends up in logs) or, with `--rejects`, to a dead-letter file that also keeps the
 * raw line so it can be fixed and replayed. The last stdout line is the JSON summary.
 */
export async function ingestCommand(options: IngestCommandOptions): Promise<IngestCounts> {
  const input = await openInput(options.file, options.stdin);
  const store = await openEventStore(options.config.store, { synchronous: options.config.sqliteSynchronous });
  let rejectsFile: WriteStream | undefined;
  const progress = createProgress(options.stderr);
  try {
    rejectsFile = options.rejects ? createWriteStream(options.rejects, { flags: 'w' }) : undefined;
    if (rejectsFile) await new Promise((resolve, reject) => rejectsFile!.once('open', resolve).once('error', reject));
    const counts = await ingestNdjson(input, store, {
      batchSize: options.config.ingestBatchSize,
      onReject: (rejection: Rejection, raw: string | undefined) =>
        rejectsFile
          ? write(rejectsFile, `${JSON.stringify({ ...rejection, ...(raw === undefined ? {} : { raw }) })}\n`)
          : write(options.stderr, `${JSON.stringify({ rejected: rejection })}\n`),
      onProgress: progress.update,
    });
    progress.done();
    await write(options.stdout, `${JSON.stringify({ accepted: counts.accepted, duplicates: counts.duplicates, rejected: counts.rejected })}\n`);
    return counts;
  } catch (error) {
    progress.done();
    throw error instanceof CommandError ? error : new CommandError(`ingest stopped: ${(error as Error).message}`, { cause: error });
  } finally {
    await store.close();
    if (rejectsFile) await new Promise((resolve) => rejectsFile!.end(resolve));
    if (options.file !== '-') input.destroy();
  }
}

/** A one-line progress indicator, only when stderr is a terminal. */
function createProgress(stderr: NodeJS.WriteStream | Writable) {
  const tty = 'isTTY' in stderr && stderr.isTTY;
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update: (counts: Readonly<IngestCounts>) => {
      const now = Date.now();
      if (!tty || now - last < 500) return;
      last = now;
      shown = true;
      const rate = Math.round(counts.lines / ((now - started) / 1000));
      stderr.write(`\r${counts.lines} lines: ${counts.accepted} stored, ${counts.duplicates} duplicates, ${counts.rejected} rejected (${rate} lines/s)  `);
    },
    done: () => {
      if (shown) stderr.write('\n');
    },
  };
}
