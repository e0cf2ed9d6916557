/** Arbitrary constant keys for `pg_advisory_xact_lock`: one for appends, one for migrations. */
export const APPEND_LOCK_KEY = 0x48_49_4e_44;
export const MIGRATION_LOCK_KEY = 0x48_49_4e_45;

/** The SQLSTATE `hindsight_append_new` raises when an id of its batch is stored already (its insert is undone). */
export const APPEND_NEW_REFUSED = 'HD409';

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

-- A batch of new ids in one round trip: called as a statement of its own, it is its own transaction, so the
-- append lock is held from its first line to the commit. A plpgsql function's statements each take a fresh
-- snapshot (READ COMMITTED), so the head is read after the lock is granted. An id stored already aborts the
-- whole append (nothing inserted, no gap) with ${APPEND_NEW_REFUSED}, and the caller takes the path for duplicates.
CREATE OR REPLACE FUNCTION hindsight_append_new(
  new_ids TEXT[], new_streams TEXT[], new_types TEXT[], new_workspaces TEXT[], new_times TIMESTAMPTZ[], new_payloads TEXT[],
  recorded TIMESTAMPTZ
) RETURNS TABLE (appended_id TEXT, appended_position BIGINT) LANGUAGE plpgsql AS $append$
DECLARE
  inserted BIGINT;
BEGIN
  PERFORM pg_advisory_xact_lock(${APPEND_LOCK_KEY});
  RETURN QUERY
    INSERT INTO events AS stored (position, event_id, stream_id, type, workspace_id, event_time, recorded_at, payload)
    SELECT (SELECT COALESCE(MAX(head.position), 0) FROM events AS head) + batch.ordinal, batch.event_id, batch.stream_id,
      batch.type, batch.workspace_id, batch.event_time, recorded, batch.payload
    FROM unnest(new_ids, new_streams, new_types, new_workspaces, new_times, new_payloads) WITH ORDINALITY
      AS batch (event_id, stream_id, type, workspace_id, event_time, payload, ordinal)
    ON CONFLICT (event_id) DO NOTHING
    RETURNING stored.event_id, stored.position;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  IF inserted < cardinality(new_ids) THEN
    RAISE EXCEPTION 'an event id of the batch is stored already' USING ERRCODE = '${APPEND_NEW_REFUSED}';
  END IF;
END
$append$;
`;
