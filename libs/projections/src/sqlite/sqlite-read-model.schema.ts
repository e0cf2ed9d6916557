/**
 * Read models live next to the events, in the same SQLite file. Documents are a rowid table (a
 * transcript can be kilobytes: WITHOUT ROWID suits small rows only); the index is WITHOUT ROWID, its
 * rows are small. Index keys are text: times are UTC ISO.
 */
export const SQLITE_READ_MODEL_SCHEMA = `
CREATE TABLE IF NOT EXISTS read_model_documents (
  collection TEXT NOT NULL,
  key        TEXT NOT NULL,
  document   TEXT NOT NULL,
  PRIMARY KEY (collection, key)
);
CREATE TABLE IF NOT EXISTS read_model_index (
  index_name   TEXT NOT NULL,
  workspace_id TEXT NOT NULL,
  identifier   TEXT NOT NULL,
  scope        TEXT NOT NULL,
  sort_key     TEXT NOT NULL,
  collection   TEXT NOT NULL,
  key          TEXT NOT NULL,
  PRIMARY KEY (index_name, workspace_id, identifier, scope, sort_key, collection, key)
) WITHOUT ROWID;
-- The primary key serves both queries: one inbox (scope given) and a contact's timeline (all scopes,
-- read by identifier prefix then sorted; a contact has at most hundreds of entries). A second index by
-- time doubled the random index writes and cost a third of projection throughput; older databases drop it.
DROP INDEX IF EXISTS read_model_index_by_time;
CREATE TABLE IF NOT EXISTS read_model_checkpoints (
  projector TEXT PRIMARY KEY,
  position  INTEGER NOT NULL,
  refolds   INTEGER NOT NULL DEFAULT 0
);
-- Dead letters of the read side: an event one projection (collection) could not fold. Never the event's
-- body: it stays in the log, read again by position when a re-fold is asked for.
CREATE TABLE IF NOT EXISTS read_model_quarantine (
  projector            TEXT NOT NULL,
  position             INTEGER NOT NULL,
  collection           TEXT NOT NULL,
  event_id             TEXT NOT NULL,
  event_type           TEXT NOT NULL,
  workspace_id         TEXT NOT NULL,
  error_name           TEXT NOT NULL,
  error_message        TEXT NOT NULL,
  first_quarantined_at TEXT NOT NULL,
  last_failed_at       TEXT NOT NULL,
  attempts             INTEGER NOT NULL,
  retry_requested_at   TEXT,
  PRIMARY KEY (projector, position, collection)
) WITHOUT ROWID;
-- Every projection batch asks for requested re-folds: this partial index holds only those, so the
-- question costs one empty index probe however many entries the quarantine keeps.
CREATE INDEX IF NOT EXISTS read_model_quarantine_requested ON read_model_quarantine (projector) WHERE retry_requested_at IS NOT NULL;
`;

/** Databases made before the quarantine lack the checkpoints' re-fold count (SQLite has no ADD COLUMN IF NOT EXISTS). */
export const SQLITE_CHECKPOINT_REFOLDS_COLUMN = 'ALTER TABLE read_model_checkpoints ADD COLUMN refolds INTEGER NOT NULL DEFAULT 0';
