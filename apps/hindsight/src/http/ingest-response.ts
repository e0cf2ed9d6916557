import type { ServerResponse } from 'node:http';
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

/**
 * Writes the answer itself: Express's `res.json` (content negotiation of the charset, an ETag hashed from
 * the body, freshness checks) costs more than the rest of a one-event POST's response, for nothing a
 * webhook sender reads.
 */
export function sendIngestResponse(response: ServerResponse, status: 200 | 400, body: IngestResponse): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
