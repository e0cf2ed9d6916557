import { EventStoreError, type EventStoreErrorCode } from '@app/event-store';
import type { ErrorDecoders } from '@app/thread-channel';

/** Store errors cross the thread boundary as themselves: callers map their codes (HTTP 503, Kafka redelivery, gRPC fail-open). */
export const STORE_ERRORS: ErrorDecoders = {
  EventStoreError: ({ code, message }) => new EventStoreError((code as EventStoreErrorCode | undefined) ?? 'STORE_UNAVAILABLE', message),
};

/** A request its thread cannot take or answer (refused, or the thread gone): the store is unavailable to that caller. */
export const storeUnavailable = (reason: string): EventStoreError => new EventStoreError('STORE_UNAVAILABLE', reason);
