/** The PostgreSQL twin of the SQLite read model schema, in the events' database. */
export const POSTGRES_READ_MODEL_SCHEMA = `
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
);
-- The primary key serves both queries: one inbox (scope given) and a contact's timeline (all scopes,
-- read by identifier prefix then sorted; a contact has at most hundreds of entries). A second index by
-- time doubled the random index writes and cost a third of projection throughput; older databases drop it.
DROP INDEX IF EXISTS read_model_index_by_time;
CREATE TABLE IF NOT EXISTS read_model_checkpoints (
  projector TEXT PRIMARY KEY,
  position  BIGINT NOT NULL
);
-- Re-folds of quarantined events committed: a fence, checked with the position (see QuarantineChanges).
ALTER TABLE read_model_checkpoints ADD COLUMN IF NOT EXISTS refolds BIGINT NOT NULL DEFAULT 0;
-- Dead letters of the read side: an event one projection (collection) could not fold. Never the event's
-- body: it stays in the log, read again by position when a re-fold is asked for.
CREATE TABLE IF NOT EXISTS read_model_quarantine (
  projector            TEXT NOT NULL,
  position             BIGINT NOT NULL,
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
);
-- Every projection batch asks for requested re-folds: this partial index holds only those.
CREATE INDEX IF NOT EXISTS read_model_quarantine_requested ON read_model_quarantine (projector) WHERE retry_requested_at IS NOT NULL;
`;

export const READ_MODEL_MIGRATION_LOCK_KEY = 0x48_49_4e_46;
