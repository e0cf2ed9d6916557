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
CREATE INDEX IF NOT EXISTS read_model_index_by_time ON read_model_index (index_name, workspace_id, identifier, sort_key);
CREATE TABLE IF NOT EXISTS read_model_checkpoints (
  projector TEXT PRIMARY KEY,
  position  INTEGER NOT NULL
);
`;
