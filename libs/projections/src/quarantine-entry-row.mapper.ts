import type { QuarantineEntry, QuarantineFailure } from './read-model-store.port';

/** A quarantine entry as both SQL adapters store it (PostgreSQL returns BIGINT columns as text). */
export interface QuarantineEntryRow {
  readonly projector: string;
  readonly position: number | string;
  readonly collection: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly workspace_id: string;
  readonly error_name: string;
  readonly error_message: string;
  readonly first_quarantined_at: string;
  readonly last_failed_at: string;
  readonly attempts: number | string;
  readonly retry_requested_at: string | null;
}

/** The columns `QuarantineEntryRow` reads, in the order both adapters select them. */
export const QUARANTINE_ENTRY_COLUMNS =
  'projector, position, collection, event_id, event_type, workspace_id, error_name, error_message, first_quarantined_at, last_failed_at, attempts, retry_requested_at';

export function quarantineEntryFromRow(row: QuarantineEntryRow): QuarantineEntry {
  return {
    projector: row.projector,
    position: Number(row.position),
    collection: row.collection,
    eventId: row.event_id,
    eventType: row.event_type,
    workspaceId: row.workspace_id,
    errorName: row.error_name,
    errorMessage: row.error_message,
    firstQuarantinedAt: row.first_quarantined_at,
    lastFailedAt: row.last_failed_at,
    attempts: Number(row.attempts),
    ...(row.retry_requested_at === null ? {} : { retryRequestedAt: row.retry_requested_at }),
  };
}

/** The parameters of the upsert both adapters run for a failed fold, in its column order (attempts start at 1). */
export function quarantineFailureParameters(projector: string, failure: QuarantineFailure): Array<string | number> {
  return [
    projector,
    failure.position,
    failure.collection,
    failure.eventId,
    failure.eventType,
    failure.workspaceId,
    failure.errorName,
    failure.errorMessage,
    failure.failedAt,
    failure.failedAt,
  ];
}
