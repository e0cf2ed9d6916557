/** Error codes of the event store, mapped to statuses by each transport. */
export type EventStoreErrorCode = 'STORE_UNAVAILABLE' | 'STORE_READ_INVALID';

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
