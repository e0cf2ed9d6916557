/**
 * `payload` is TEXT, not JSONB, so the stored CloudEvent is returned byte for byte.
 * Positions are assigned by the appender under a transaction-scoped advisory lock (see the adapter),
 * not by a sequence: sequences leave gaps on rollback and commit out of order under concurrency.
 */
export const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position     BIGINT      PRIMARY KEY,
  event_id     TEXT        NOT NULL UNIQUE,
  stream_id    TEXT        NOT NULL,
  type         TEXT        NOT NULL,
  workspace_id TEXT        NOT NULL,
  event_time   TIMESTAMPTZ NOT NULL,
  recorded_at  TIMESTAMPTZ NOT NULL,
  payload      TEXT        NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_stream ON events (stream_id, position);
CREATE INDEX IF NOT EXISTS events_by_workspace ON events (workspace_id, position);
`;

/** Arbitrary constant keys for `pg_advisory_xact_lock`: one for appends, one for migrations. */
export const APPEND_LOCK_KEY = 0x48_49_4e_44;
export const MIGRATION_LOCK_KEY = 0x48_49_4e_45;
