import type { HindsightEvent } from '@app/events';
import type { EventRow } from './read-options';

/** DI token of the event store port. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** An event as stored: its place in the global log plus the exact CloudEvent JSON. */
export interface StoredEvent {
  /** Global position: gap-free, starting at 1, in commit order. */
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly workspaceId: string;
  /** Event time (CloudEvents `time`), UTC ISO 8601. */
  readonly time: string;
  /** When the store accepted it, UTC ISO 8601. */
  readonly recordedAt: string;
  /** The normalised CloudEvent, as JSON text. */
  readonly payload: string;
}

export interface AppendOutcome {
  readonly eventId: string;
  /** Where it was stored, or for a duplicate, where the first copy is. */
  readonly position: number;
  readonly duplicate: boolean;
}

export interface AppendResult {
  readonly outcomes: readonly AppendOutcome[];
  readonly appended: number;
  readonly duplicates: number;
}

export interface EventFilter {
  /** Only these CloudEvents types. */
  readonly types?: readonly string[];
  readonly workspaceId?: string;
  /** Event time range, half-open: `fromTime <= time < toTime` (UTC ISO 8601). */
  readonly fromTime?: string;
  readonly toTime?: string;
}

export interface ReadOptions extends EventFilter {
  /** First position to read (inclusive); default 1. */
  readonly fromPosition?: number;
  /** Page size; default 1000, at most 10,000. */
  readonly limit?: number;
}

export interface ReadPage {
  readonly events: readonly StoredEvent[];
  /** Where the next page starts (last position read + 1, or `fromPosition` if nothing matched). */
  readonly nextPosition: number;
  /** True when the page reached the current head of the log. */
  readonly endOfLog: boolean;
}

export interface StoreFootprint {
  readonly events: number;
  readonly bytes: number;
}

/**
 * The append-only event log. Semantics every adapter guarantees (checked by one contract suite):
 * atomic batch append; dedupe by event id forever; a global, gap-free, totally ordered position
 * (a reader that saw position N never later finds a new event below N); filtered paged reads.
 */
export interface EventStore {
  readonly engine: 'sqlite' | 'postgres';
  /** Appends all new events of the batch in one transaction, or none. */
  append(events: readonly HindsightEvent[]): Promise<AppendResult>;
  /**
   * `append` for events already serialised with `eventRow` (one transaction, same outcomes): lets a
   * thread that validated the events hand plain strings to the thread that writes them.
   */
  appendRows(rows: readonly EventRow[]): Promise<AppendResult>;
  read(options?: ReadOptions): Promise<ReadPage>;
  readStream(streamId: string, options?: Pick<ReadOptions, 'fromPosition' | 'limit'>): Promise<ReadPage>;
  /** Streams every matching event in position order, one page in memory at a time. */
  readAll(options?: Omit<ReadOptions, 'limit'> & { readonly pageSize?: number }): AsyncIterable<StoredEvent>;
  /** Highest stored position (0 when empty). */
  headPosition(): Promise<number>;
  footprint(): Promise<StoreFootprint>;
  close(): Promise<void>;
}
