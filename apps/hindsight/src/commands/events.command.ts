import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventFilter, type EventStore } from '@app/event-store';
import { write } from './output';

/** `hindsight events`: the stored CloudEvents as NDJSON, exactly as stored, so `events | ingest` round-trips. */
@Injectable()
export class EventsCommand {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run(filter: EventFilter & { readonly fromPosition?: number }, stdout: Writable): Promise<number> {
    let count = 0;
    let lines: string[] = [];
    // Written a page at a time: one write per 1,000 events instead of one per event.
    for await (const event of this.store.readAll({ ...filter, pageSize: 1000 })) {
      lines.push(event.payload);
      count += 1;
      if (lines.length === 1000) {
        await write(stdout, `${lines.join('\n')}\n`);
        lines = [];
        if (stdout.destroyed) return count;
      }
    }
    if (lines.length > 0) await write(stdout, `${lines.join('\n')}\n`);
    return count;
  }
}
