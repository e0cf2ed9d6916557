/**
 * `position` is the rowid: assigned max+1 under SQLite's single writer, never reused because events
 * are never deleted, so the log is gap-free and totally ordered. `event_id` is unique forever (dedupe).
 * Times are fixed-width UTC ISO 8601 text: they compare correctly as strings and are read back
 * without conversion.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position     INTEGER PRIMARY KEY,
  event_id     TEXT    NOT NULL UNIQUE,
  stream_id    TEXT    NOT NULL,
  type         TEXT    NOT NULL,
  workspace_id TEXT    NOT NULL,
  event_time   TEXT    NOT NULL,
  recorded_at  TEXT    NOT NULL,
  payload      TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_stream ON events (stream_id, position);
CREATE INDEX IF NOT EXISTS events_by_workspace ON events (workspace_id, position);
`;
