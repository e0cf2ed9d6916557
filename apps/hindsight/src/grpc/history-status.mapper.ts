import { type StatusObject, status } from '@grpc/grpc-js';
import { HistoryRequestError, type HistoryRequest } from '@app/history';

/** The one place where the domain's field names become the proto's (as clients see them). */
const PROTO_FIELD_NAMES: Readonly<Record<keyof HistoryRequest, string>> = {
  workspaceId: 'workspace_id',
  inboxId: 'inbox_id',
  contactId: 'contact_id',
  phone: 'phone',
  at: 'at',
};

/** What the transport answers for a failed history call. */
export type HistoryFailureOutcome =
  /** The request is at fault: a gRPC error status. */
  | { readonly kind: 'status'; readonly status: Partial<StatusObject> }
  /** Anything else: an OK answer with `available = false` and this reason (fail-open). */
  | { readonly kind: 'unavailable'; readonly reason: string };

export const STORE_UNAVAILABLE_REASON = 'history store unavailable';
const INTERNAL_ERROR_REASON = 'history query failed';

/**
 * Maps any error raised while answering to its outcome, by its `code` (HistoryErrorCode, which the
 * store's EventStoreError shares for STORE_UNAVAILABLE): INVALID_ARGUMENT is the only error status the
 * voice agent ever sees; STORE_UNAVAILABLE and every other error are answered fail-open, because the
 * call must proceed whatever happens on our side.
 */
export function toHistoryFailureOutcome(error: unknown): HistoryFailureOutcome {
  switch (errorCode(error)) {
    case 'INVALID_ARGUMENT':
      return { kind: 'status', status: { code: status.INVALID_ARGUMENT, details: invalidArgumentDetails(error) } };
    case 'STORE_UNAVAILABLE':
      return { kind: 'unavailable', reason: STORE_UNAVAILABLE_REASON };
    default:
      return { kind: 'unavailable', reason: INTERNAL_ERROR_REASON };
  }
}

/** The proto names of the fields a request error is about, for logs. */
export function invalidProtoFields(error: unknown): string[] {
  if (!(error instanceof HistoryRequestError)) return [];
  return [...new Set(error.errors.map((fieldError) => toProtoFieldName(fieldError.field)))];
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof HistoryRequestError) return error.code;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** "phone: must be a phone number in international format…; at: …", with proto field names throughout. */
function invalidArgumentDetails(error: unknown): string {
  if (error instanceof HistoryRequestError) {
    return error.errors.map((fieldError) => `${toProtoFieldName(fieldError.field)}: ${withProtoFieldNames(fieldError.message)}`).join('; ');
  }
  return withProtoFieldNames(error instanceof Error ? error.message : 'invalid request');
}

function toProtoFieldName(field: string): string {
  return (PROTO_FIELD_NAMES as Record<string, string>)[field] ?? field;
}

const DOMAIN_FIELD_NAME = new RegExp(`\\b(${Object.keys(PROTO_FIELD_NAMES).join('|')})\\b`, 'g');

/** Messages may mention other fields ("give either contactId or phone"): rename them too. */
function withProtoFieldNames(message: string): string {
  return message.replace(DOMAIN_FIELD_NAME, (field) => toProtoFieldName(field));
}
