import type { HindsightEvent } from '@app/events';
import { streamIdOf } from '@app/events';
import { EventStoreError } from './event-store.errors';
import type { EventStore, ReadOptions, ReadPage, StoredEvent } from './event-store.port';

const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 10_000;

export interface NormalisedRead {
  readonly fromPosition: number;
  readonly limit: number;
  readonly types?: readonly string[];
  readonly workspaceId?: string;
  /** Normalised to UTC ISO 8601 with milliseconds. */
  readonly fromTime?: string;
  readonly toTime?: string;
}

function utcTime(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const milliseconds = Date.parse(value);
  if (Number.isNaN(milliseconds)) throw new EventStoreError('STORE_READ_INVALID', `${field} is not a timestamp: ${value}`);
  return new Date(milliseconds).toISOString();
}

/** Validates read options once, for every adapter. */
export function normaliseRead(options: ReadOptions = {}): NormalisedRead {
  const fromPosition = options.fromPosition ?? 1;
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(fromPosition) || fromPosition < 1) {
    throw new EventStoreError('STORE_READ_INVALID', `fromPosition must be an integer >= 1, got ${fromPosition}`);
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new EventStoreError('STORE_READ_INVALID', `limit must be an integer between 1 and ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  return {
    fromPosition,
    limit,
    types: options.types?.length ? options.types : undefined,
    workspaceId: options.workspaceId,
    fromTime: utcTime('fromTime', options.fromTime),
    toTime: utcTime('toTime', options.toTime),
  };
}

/** The columns every adapter stores for an event, computed once. */
export interface EventRow {
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly workspaceId: string;
  /** Event time, UTC ISO 8601 (as normalised by the parser). */
  readonly time: string;
  readonly payload: string;
}

export function toRow(event: HindsightEvent): EventRow {
  return {
    // As the drivers store it (a lone surrogate becomes U+FFFD), so ids compare the same in the store and in `dedupeBatch`.
    eventId: event.id.toWellFormed(),
    streamId: streamIdOf(event),
    type: event.type,
    workspaceId: event.data.workspaceId,
    time: event.time,
    payload: JSON.stringify(event),
  };
}

/** Shared paging loop behind every adapter's `readAll`. */
export async function* readAllPages(
  store: Pick<EventStore, 'read'>,
  options: Omit<ReadOptions, 'limit'> & { readonly pageSize?: number } = {},
): AsyncGenerator<StoredEvent> {
  const { pageSize = DEFAULT_PAGE_SIZE, ...filter } = options;
  let fromPosition = filter.fromPosition ?? 1;
  for (;;) {
    const page = await store.read({ ...filter, fromPosition, limit: pageSize });
    yield* page.events;
    if (page.events.length < pageSize) return;
    fromPosition = page.nextPosition;
  }
}

/** A page of a read: where the next one starts, and whether the head of the log was reached. */
export function toPage(events: readonly StoredEvent[], fromPosition: number, limit: number): ReadPage {
  const last = events.at(-1);
  return { events, nextPosition: last ? last.position + 1 : fromPosition, endOfLog: events.length < limit };
}
