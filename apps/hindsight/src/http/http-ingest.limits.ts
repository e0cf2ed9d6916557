import { EVENT_LIMITS } from '@app/events';

/**
 * Limits of `POST /v1/events`. The per-event limit is the shared parser's (`EVENT_LIMITS.eventBytes`),
 * so HTTP, the CLI and Kafka refuse exactly the same events.
 */
export const HTTP_INGEST_LIMITS = {
  /** A whole request body, in bytes: four maximal events, and the same cap as one CLI append batch. */
  requestBytes: 16 * 1024 * 1024,
  /** Events in one batch request: all of them are appended in one transaction. */
  batchEvents: 1000,
  /** One event, in bytes (enforced by `parseEvent`). */
  eventBytes: EVENT_LIMITS.eventBytes,
} as const;

export const MIB = 1024 * 1024;
