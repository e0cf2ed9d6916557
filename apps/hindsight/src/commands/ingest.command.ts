import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { HindsightConfig } from '@app/config';
import { type IngestCounts, IngestEvents, ingestNdjson, type Rejection } from '@app/ingestion';
import { CommandError, write } from './output';

export interface IngestOutput {
  readonly rejects?: string;
  readonly stdout: Writable;
  readonly stderr: NodeJS.WriteStream | Writable;
}

/** Opens the input before anything else, so a missing or unreadable file fails before the store is touched. */
export async function openInput(file: string, stdin: Readable): Promise<Readable> {
  if (file === '-') return stdin;
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
@Injectable()
export class IngestCommand {
  constructor(
    private readonly ingest: IngestEvents,
    private readonly config: HindsightConfig,
  ) {}

  async run(input: Readable, output: IngestOutput): Promise<IngestCounts> {
    const rejectsFile = output.rejects ? await openRejects(output.rejects) : undefined;
    const progress = createProgress(output.stderr);
    try {
      const counts = await ingestNdjson(input, this.ingest, {
        batchSize: this.config.ingestBatchSize,
        onReject: (rejection: Rejection, raw: string | undefined) =>
          rejectsFile
            ? write(rejectsFile, `${JSON.stringify({ ...rejection, ...(raw === undefined ? {} : { raw }) })}\n`)
            : write(output.stderr, `${JSON.stringify({ rejected: rejection })}\n`),
        onProgress: progress.update,
      });
      progress.done();
      await write(
        output.stdout,
        `${JSON.stringify({ accepted: counts.accepted, duplicates: counts.duplicates, rejected: counts.rejected })}\n`,
      );
      return counts;
    } catch (error) {
      progress.done();
      throw error instanceof CommandError ? error : new CommandError(`ingest stopped: ${(error as Error).message}`, { cause: error });
    } finally {
      if (rejectsFile) await new Promise((resolve) => rejectsFile.end(resolve));
      input.destroy();
    }
  }
}

async function openRejects(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path, { flags: 'w' });
  await new Promise((resolve, reject) => stream.once('open', resolve).once('error', reject)).catch((error: NodeJS.ErrnoException) => {
    throw new CommandError(`cannot write ${path}: ${error.code ?? error.message}`, { cause: error });
  });
  return stream;
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
      stderr.write(
        `\r${counts.lines} lines: ${counts.accepted} stored, ${counts.duplicates} duplicates, ${counts.rejected} rejected (${rate} lines/s)  `,
      );
    },
    done: () => {
      if (shown) stderr.write('\n');
    },
  };
}
