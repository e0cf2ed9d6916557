import type { EventData, EventType } from './event-catalogue';

/** A validated, normalised CloudEvents 1.0 event (structured mode) of one catalogue type. */
export interface CloudEvent<T extends EventType = EventType> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: T;
  /** Event time (when it happened), UTC ISO 8601. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: EventData<T>;
  /** CloudEvents extension attributes are kept as received. */
  readonly [extension: string]: unknown;
}

/** Discriminated union over `type`: narrowing on `event.type` types `event.data`. */
export type HindsightEvent = { [T in EventType]: CloudEvent<T> }[EventType];
