import type { FieldError } from '@app/validation';

export type IngestStatus = 'accepted' | 'duplicate' | 'rejected';

/** The outcome of one event of the request, by its index in the request (0 for a single event). */
export interface IngestEventResult {
  readonly index: number;
  /** The event id, when one could be read (a rejected event may have none). */
  readonly id?: string;
  readonly status: IngestStatus;
  /** Where the event is stored; for a duplicate, where the first copy is. */
  readonly position?: number;
  /** Why the event was rejected, field by field. */
  readonly errors?: readonly FieldError[];
}

/** Body of every answer of `POST /v1/events` that processed the events (200, or 400 for a rejected single event). */
export interface IngestResponse {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly results: readonly IngestEventResult[];
}
