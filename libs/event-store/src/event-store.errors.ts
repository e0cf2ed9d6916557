/** Error codes of the event store, mapped to statuses by each transport. */
export type EventStoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_READ_INVALID' | 'EVENT_NOT_STORABLE';

export class EventStoreError extends Error {
  constructor(
    readonly code: EventStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EventStoreError';
  }
}

/**
 * PostgreSQL's SQLSTATE classes for a statement refused because of the values it carries, not the
 * store's health: 22 "data exception" (a NUL byte, an unpaired surrogate, a number or date out of
 * range), 54 "program limit exceeded" (an index row too large). Retrying such a batch fails the same
 * way forever, so it is not `STORE_UNAVAILABLE`.
 */
const CONTENT_SQLSTATE = /^(22|54)[0-9A-Z]{3}$/;

export function isContentRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONTENT_SQLSTATE.test(code);
}
