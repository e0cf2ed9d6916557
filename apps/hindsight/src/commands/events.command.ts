import type { Writable } from 'node:stream';
import type { HindsightConfig } from '@app/config';
import { type EventFilter, openEventStore } from '@app/event-store';
import { write } from './output';

export interface EventsCommandOptions extends EventFilter {
  readonly fromPosition?: number;
  readonly config: HindsightConfig;
  readonly stdout: Writable;
}

/** `hindsight events`: the stored CloudEvents as NDJSON, exactly as stored, so `events | ingest` round-trips. */
export async function eventsCommand(options: EventsCommandOptions): Promise<number> {
  const { config, stdout, ...filter } = options;
  const store = await openEventStore(config.store, { synchronous: config.sqliteSynchronous });
  let count = 0;
  try {
    let fromPosition = filter.fromPosition ?? 1;
    for (;;) {
      const page = await store.read({ ...filter, fromPosition, limit: 1000 });
      if (page.events.length > 0) await write(stdout, `${page.events.map((event) => event.payload).join('\n')}\n`);
      count += page.events.length;
      if (page.endOfLog || stdout.destroyed) return count;
      fromPosition = page.nextPosition;
    }
  } finally {
    await store.close();
  }
}
