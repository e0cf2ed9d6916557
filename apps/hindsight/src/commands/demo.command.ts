import { Readable, type Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { demoDataset } from '@app/events/testing/demo-dataset';
import type { IngestCounts } from '@app/ingestion';
import { IngestCommand } from './ingest.command';

const HOUR = 3_600_000;

/**
 * Where the demo ends: an hour ago, on the hour. Contact insights look back 6 months from now, so a
 * fixed-date demo would age out; ids do not depend on the date, so loading the demo again is a no-op
 * (the events already stored keep their times), and loading it within the same hour gives the same events.
 */
export function demoEnd(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR) * HOUR - HOUR);
}

/** `hindsight demo`: the bundled demo data set (samples/demo-events.ndjson, regenerated to end at `end`), ingested like a file. */
@Injectable()
export class DemoCommand {
  constructor(private readonly ingest: IngestCommand) {}

  run(end: Date, output: { readonly stdout: Writable; readonly stderr: NodeJS.WriteStream | Writable }): Promise<IngestCounts> {
    const lines = demoDataset(end).map((event) => `${JSON.stringify(event)}\n`);
    return this.ingest.run(Readable.from(lines), output);
  }
}
