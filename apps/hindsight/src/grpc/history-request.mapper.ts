import { type HistoryRequest, HistoryRequestError, parseHistoryRequest } from '@app/history';
import type { FieldError } from '@app/validation';
import type { GetHistoryRequestWire } from './history-wire.types';
import { fromTimestamp, toTimestamp } from './timestamp.mapper';

const INVALID_AT: FieldError = {
  field: 'at',
  message: 'must be a valid Timestamp (years 0001 to 9999, nanos 0 to 999,999,999)',
};

/**
 * The wire request as a validated domain request; throws HistoryRequestError naming every field at
 * fault. Validation is the domain's (`parseHistoryRequest`); the transport only adds what the domain
 * cannot see: an `at` Timestamp that is no instant at all.
 */
export function toHistoryRequest(wire: GetHistoryRequestWire): HistoryRequest {
  // proto3 strings cannot be "absent": an unset field is the empty string, which the domain treats as missing.
  const at = wire.at == null ? '' : fromTimestamp(wire.at);
  const transportErrors = at === undefined ? [INVALID_AT] : [];
  let request: HistoryRequest;
  try {
    request = parseHistoryRequest({
      workspaceId: wire.workspaceId ?? '',
      inboxId: wire.inboxId ?? '',
      contactId: wire.contactId ?? '',
      phone: wire.phone ?? '',
      at: at ?? '',
    });
  } catch (error) {
    if (error instanceof HistoryRequestError && transportErrors.length > 0) {
      throw new HistoryRequestError([...error.errors, ...transportErrors]);
    }
    throw error;
  }
  if (transportErrors.length > 0) throw new HistoryRequestError(transportErrors);
  return request;
}

/** The other way: a domain request as a client sends it (the server's warm-up, the benchmark's load). */
export function toGetHistoryRequestWire(request: HistoryRequest): GetHistoryRequestWire {
  return {
    workspaceId: request.workspaceId,
    inboxId: request.inboxId,
    ...(request.phone === undefined ? { contactId: request.contactId } : { phone: request.phone }),
    ...(request.at === undefined ? {} : { at: toTimestamp(request.at) }),
  };
}
