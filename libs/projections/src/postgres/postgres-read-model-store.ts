import { EventStoreError, PostgresDatabase } from '@app/event-store';
import type { PoolConfig } from 'pg';
import { documentId, type IndexEntry } from '@app/history';
import {
  CheckpointConflictError,
  type ContactDocuments,
  type ContactDocumentsQuery,
  type CheckpointState,
  type DocumentReference,
  type DocumentReferenceField,
  type DocumentsWithReferences,
  type DocumentWrite,
  type IndexHit,
  INDEX_COLLECTIONS,
  type IndexQuery,
  type QuarantineChanges,
  type QuarantineEntry,
  type ReadModelStore,
} from '../read-model-store.port';
import { INDEX_ENTRY_COLUMNS, indexEntryFromRow, type IndexEntryRow } from '../index-entry-row.mapper';
import {
  QUARANTINE_ENTRY_COLUMNS,
  quarantineEntryFromRow,
  type QuarantineEntryRow,
  quarantineFailureParameters,
} from '../quarantine-entry-row.mapper';
import { POSTGRES_READ_MODEL_SCHEMA, READ_MODEL_MIGRATION_LOCK_KEY } from './postgres-read-model.schema';
import { TableStatistics } from './table-statistics';

export interface PostgresReadModelStoreOptions {
  /**
   * The server cancels a statement that runs longer (a lock held elsewhere, a stalled disk): the read
   * fails as STORE_UNAVAILABLE instead of holding its caller and a pooled connection until the lock goes.
   * For readers that answer people (serve's API, the history reader); none for the projector's batches.
   */
  readonly statementTimeoutMs?: number;
  /**
   * Plan each prepared statement once per connection (`plan_cache_mode = force_generic_plan`). Left to
   * itself PostgreSQL kept custom plans for the read path's statements (their `unnest` of a parameter
   * array makes the generic plan look dearer), so it planned them again at every execution: 0.3 ms of a
   * history call's 0.4 ms in the server. Their generic plans are index range scans by construction
   * (`postgresFindStatement`; test/projections/postgres-index-plan.e2e-spec.ts). For the readers that
   * answer people; the projector's batches, of every size, keep PostgreSQL's choice. A connection URL's
   * own `options` parameter takes precedence.
   */
  readonly genericPlans?: boolean;
  /**
   * A fixed pool of this many connections, kept open (no reconnect, re-prepare and re-plan after a quiet
   * spell); absent: up to 8, closed after 10 s idle (the projector's, the API's and the commands' stores).
   */
  readonly connections?: number;
  /** What `pg_stat_activity` shows for its connections (`hindsight` when absent): who holds the database's backends. */
  readonly applicationName?: string;
}

/** The pool of a read model store: its size, and the settings its sessions start with. */
export function readModelPoolConfig(options: PostgresReadModelStoreOptions): PoolConfig {
  return {
    max: options.connections ?? 8,
    ...(options.connections === undefined ? {} : { min: options.connections }),
    application_name: options.applicationName ?? 'hindsight',
    ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
    ...(options.genericPlans ? { options: '-c plan_cache_mode=force_generic_plan' } : {}),
  };
}

/** Read models in the events' PostgreSQL database; every batch is one transaction with its checkpoint. */
export class PostgresReadModelStore implements ReadModelStore {
  private readonly statistics: TableStatistics;

  private constructor(private readonly database: PostgresDatabase) {
    this.statistics = new TableStatistics(() => database.query('ANALYZE read_model_index, read_model_documents').then(() => undefined));
  }

  static async connect(connectionString: string, options: PostgresReadModelStoreOptions = {}): Promise<PostgresReadModelStore> {
    // A checkpoint conflict is a domain outcome the engine handles, not the store being unavailable.
    const database = new PostgresDatabase(
      connectionString,
      'PostgreSQL read models',
      readModelPoolConfig(options),
      (error) => error instanceof CheckpointConflictError,
    );
    try {
      await database.transaction(async (client) => {
        // The schema may wait for another process's migration: no statement limit here.
        await client.query('SET LOCAL statement_timeout = 0');
        await client.query('SELECT pg_advisory_xact_lock($1)', [READ_MODEL_MIGRATION_LOCK_KEY]);
        await client.query(POSTGRES_READ_MODEL_SCHEMA);
      });
    } catch (error) {
      await database.close();
      // The same words as the event store's: which of the two a command opens first is not the user's concern.
      throw new EventStoreError('STORE_UNAVAILABLE', `cannot open PostgreSQL store: ${(error as Error).message}`, { cause: error });
    }
    return new PostgresReadModelStore(database);
  }

  async checkpoint(projector: string): Promise<number> {
    return (await this.checkpointState(projector)).position;
  }

  async checkpointState(projector: string): Promise<CheckpointState> {
    const rows = await this.database.query<{ position: string; refolds: string }>(
      'SELECT position, refolds FROM read_model_checkpoints WHERE projector = $1',
      [projector],
    );
    return rows.length > 0 ? { position: Number(rows[0].position), refolds: Number(rows[0].refolds) } : { position: 0, refolds: 0 };
  }

  async load(references: readonly DocumentReference[]): Promise<Map<string, unknown>> {
    const rows = await this.database.prepared<{ collection: string; key: string; document: string }>(
      `SELECT d.collection, d.key, d.document FROM read_model_documents d
       JOIN unnest($1::text[], $2::text[]) AS wanted (collection, key) ON d.collection = wanted.collection AND d.key = wanted.key`,
      [references.map((reference) => reference.collection), references.map((reference) => reference.key)],
    );
    return new Map(rows.map((row) => [documentId(row.collection, row.key), JSON.parse(row.document) as unknown]));
  }

  async commit(
    projector: string,
    writes: readonly DocumentWrite[],
    from: number,
    to: number,
    quarantine?: QuarantineChanges,
  ): Promise<void> {
    await this.database.transaction(async (client) => {
      // Read models are derived from the log: their commits do not wait for the WAL flush. A server crash
      // can only undo the last batches, documents and checkpoint together (WAL order), folded again then.
      await client.query('SET LOCAL synchronous_commit = off');
      // Without quarantine changes the re-fold count is neither checked nor moved (NULL).
      const refolds = quarantine?.refolds ?? { from: null, to: null };
      const moved = await this.database.preparedIn(
        client,
        `INSERT INTO read_model_checkpoints (projector, position, refolds) VALUES ($1, $2, coalesce($4::bigint, 0))
         ON CONFLICT (projector) DO UPDATE SET position = excluded.position, refolds = coalesce($4::bigint, read_model_checkpoints.refolds)
         WHERE read_model_checkpoints.position = $3 AND ($5::bigint IS NULL OR read_model_checkpoints.refolds = $5::bigint)`,
        [projector, to, from, refolds.to, refolds.from],
      );
      if (moved.rowCount !== 1) throw new CheckpointConflictError(projector, from);
      // Rare (a batch where a fold threw, or a re-fold): one statement per entry is enough.
      for (const failure of quarantine?.failed ?? []) {
        await client.query(
          `INSERT INTO read_model_quarantine (projector, position, collection, event_id, event_type, workspace_id, error_name, error_message,
             first_quarantined_at, last_failed_at, attempts, retry_requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, NULL)
           ON CONFLICT (projector, position, collection) DO UPDATE SET error_name = excluded.error_name, error_message = excluded.error_message,
             last_failed_at = excluded.last_failed_at, attempts = read_model_quarantine.attempts + 1, retry_requested_at = NULL`,
          quarantineFailureParameters(projector, failure),
        );
      }
      for (const key of quarantine?.refolded ?? []) {
        await client.query('DELETE FROM read_model_quarantine WHERE projector = $1 AND position = $2 AND collection = $3', [
          projector,
          key.position,
          key.collection,
        ]);
      }
      const kept = writes.filter((write) => write.documentJson !== undefined);
      const removed = writes.filter((write) => write.documentJson === undefined);
      const removedEntries = writes.flatMap((write) =>
        write.removedIndexEntries.map((entry) => ({ ...entry, collection: write.collection, key: write.key })),
      );
      if (removedEntries.length > 0) {
        await this.database.preparedIn(
          client,
          `DELETE FROM read_model_index i
           USING unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
             AS gone (index_name, workspace_id, identifier, scope, sort_key, collection, key)
           WHERE (i.index_name, i.workspace_id, i.identifier, i.scope, i.sort_key, i.collection, i.key)
               = (gone.index_name, gone.workspace_id, gone.identifier, gone.scope, gone.sort_key, gone.collection, gone.key)`,
          entryColumns(removedEntries),
        );
      }
      if (removed.length > 0) {
        await this.database.preparedIn(
          client,
          `DELETE FROM read_model_documents d USING unnest($1::text[], $2::text[]) AS gone (collection, key)
           WHERE d.collection = gone.collection AND d.key = gone.key`,
          [removed.map((write) => write.collection), removed.map((write) => write.key)],
        );
      }
      if (kept.length > 0) {
        await this.database.preparedIn(
          client,
          `INSERT INTO read_model_documents (collection, key, document)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
           ON CONFLICT (collection, key) DO UPDATE SET document = excluded.document`,
          [kept.map((write) => write.collection), kept.map((write) => write.key), kept.map((write) => write.documentJson)],
        );
      }
      const addedEntries = writes.flatMap((write) =>
        write.addedIndexEntries.map((entry) => ({ ...entry, collection: write.collection, key: write.key })),
      );
      if (addedEntries.length > 0) {
        await this.database.preparedIn(
          client,
          `INSERT INTO read_model_index (index_name, workspace_id, identifier, scope, sort_key, collection, key)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           ON CONFLICT DO NOTHING`,
          entryColumns(addedEntries),
        );
      }
    });
    this.statistics.written(writes.reduce((rows, write) => rows + 1 + write.addedIndexEntries.length, 0));
  }

  async quarantined(projector: string): Promise<QuarantineEntry[]> {
    const rows = await this.database.query<QuarantineEntryRow>(
      `SELECT ${QUARANTINE_ENTRY_COLUMNS} FROM read_model_quarantine WHERE projector = $1 ORDER BY position, collection`,
      [projector],
    );
    return rows.map(quarantineEntryFromRow);
  }

  async refoldsRequested(projector: string): Promise<QuarantineEntry[]> {
    // Asked before every batch: prepared.
    const rows = await this.database.prepared<QuarantineEntryRow>(
      `SELECT ${QUARANTINE_ENTRY_COLUMNS} FROM read_model_quarantine WHERE projector = $1 AND retry_requested_at IS NOT NULL
       ORDER BY position, collection`,
      [projector],
    );
    return rows.map(quarantineEntryFromRow);
  }

  async requestRefold(projector: string, positions: readonly number[] | 'all', at: string): Promise<number> {
    const rows =
      positions === 'all'
        ? await this.database.query('UPDATE read_model_quarantine SET retry_requested_at = $1 WHERE projector = $2 RETURNING position', [
            at,
            projector,
          ])
        : await this.database.query(
            'UPDATE read_model_quarantine SET retry_requested_at = $1 WHERE projector = $2 AND position = ANY($3::bigint[]) RETURNING position',
            [at, projector, [...new Set(positions)]],
          );
    return rows.length;
  }

  async quarantineCounts(projector: string): Promise<Map<string, number>> {
    const rows = await this.database.query<{ collection: string; entries: string }>(
      'SELECT collection, COUNT(*) AS entries FROM read_model_quarantine WHERE projector = $1 GROUP BY collection',
      [projector],
    );
    return new Map(rows.map((row) => [row.collection, Number(row.entries)]));
  }

  async documents<T>(collection: string, keys: readonly string[]): Promise<Map<string, T>> {
    if (keys.length === 0) return new Map();
    const rows = await this.database.prepared<{ key: string; document: string }>(POSTGRES_DOCUMENTS_STATEMENT, [
      collection,
      [...new Set(keys)],
    ]);
    return new Map(rows.map((row) => [row.key, JSON.parse(row.document) as T]));
  }

  async find(query: IndexQuery): Promise<IndexHit[]> {
    if (query.identifiers.length === 0) return [];
    const statement = postgresFindStatement(query);
    const rows = await this.database.prepared<{ key: string; sort_key: string; scope: string }>(statement.text, statement.values);
    return rows.map((row) => ({ key: row.key, sortKey: row.sort_key, scope: row.scope }));
  }

  async findDocuments<T>(query: IndexQuery): Promise<T[]> {
    if (query.identifiers.length === 0) return [];
    const statement = postgresFindDocumentsStatement(query);
    const rows = await this.database.prepared<{ document: string }>(statement.text, statement.values);
    return rows.map((row) => JSON.parse(row.document) as T);
  }

  async findDocumentsWithReferences<T, R>(query: IndexQuery, reference: DocumentReferenceField): Promise<DocumentsWithReferences<T, R>> {
    if (query.identifiers.length === 0) return { documents: [], references: new Map() };
    const statement = postgresFindDocumentsWithReferencesStatement(query, reference);
    const rows = await this.database.prepared<{ referenced: boolean; key: string; document: string }>(statement.text, statement.values);
    return {
      documents: rows.flatMap((row) => (row.referenced ? [] : [JSON.parse(row.document) as T])),
      references: new Map(rows.flatMap((row) => (row.referenced ? [[row.key, JSON.parse(row.document) as R] as const] : []))),
    };
  }

  async findContactDocuments<C, T, R>(query: ContactDocumentsQuery): Promise<ContactDocuments<C, T, R>> {
    const statement = postgresFindContactDocumentsStatement(query);
    const rows = await this.database.prepared<{ part: string; collection: string | null; key: string | null; document: string }>(
      statement.text,
      statement.values,
    );
    const byKey = new Map<string, unknown>();
    const documents: T[] = [];
    const references = new Map<string, R>();
    let contact: C | undefined;
    for (const row of rows) {
      const document = JSON.parse(row.document) as unknown;
      if (row.part === 'found') documents.push(document as T);
      else if (row.part === 'reference') references.set(row.key!, document as R);
      else if (row.part === 'contact') contact = document as C;
      else byKey.set(documentId(row.collection!, row.key!), document);
    }
    return { documents, references, byKey, ...(contact === undefined ? {} : { contact }) };
  }

  async sample(index: IndexEntry['index'], limit: number): Promise<IndexEntry[]> {
    const rows = await this.database.query<IndexEntryRow>(
      `SELECT ${INDEX_ENTRY_COLUMNS} FROM read_model_index WHERE index_name = $1 LIMIT $2`,
      [index, limit],
    );
    return rows.map((row) => indexEntryFromRow(index, row));
  }

  async reset(): Promise<void> {
    await this.database.transaction(async (client) => {
      await client.query('TRUNCATE read_model_documents, read_model_index, read_model_checkpoints, read_model_quarantine');
    });
  }

  async close(): Promise<void> {
    await this.statistics.settled();
    await this.database.close();
  }
}

/**
 * The index read (`find`) as PostgreSQL runs it: one index range scan per identifier, by construction.
 * The identifier comes from `unnest` into a LATERAL subquery where it is an equality on the primary
 * key's third column, so no plan (generic or custom, with statistics or without, as after a bulk load)
 * can apply it as a filter over the workspace's entries. With a scope, the scan runs backwards on the
 * sort key and stops at `limit`. A document has one entry per identifier, all with its sort key and
 * scope: `limit` per identifier always holds `limit` distinct keys, and MAX picks the one value.
 */
export function postgresFindStatement(
  query: IndexQuery,
  identifiers = 'unnest($3::text[])',
): { readonly text: string; readonly values: unknown[] } {
  const values: unknown[] = [query.index, query.workspaceId, query.identifiers];
  const conditions = ['i.index_name = $1', 'i.workspace_id = $2', 'i.identifier = wanted.identifier'];
  const add = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(condition.replace('?', `$${values.length}`));
  };
  if (query.scope !== undefined) add('i.scope = ?', query.scope);
  if (query.fromSortKey !== undefined) add('i.sort_key >= ?', query.fromSortKey);
  if (query.toSortKey !== undefined) add('i.sort_key <= ?', query.toSortKey);
  values.push(query.limit);
  const limit = `$${values.length}`;
  return {
    text: `SELECT hit.key, MAX(hit.sort_key) AS sort_key, MAX(hit.scope) AS scope
       FROM ${identifiers} AS wanted (identifier)
       CROSS JOIN LATERAL (
         SELECT i.key, i.sort_key, i.scope FROM read_model_index i WHERE ${conditions.join(' AND ')}
         ORDER BY i.sort_key DESC, i.collection DESC, i.key DESC LIMIT ${limit}
       ) AS hit
       GROUP BY hit.key ORDER BY sort_key DESC, hit.key DESC LIMIT ${limit}`,
    values,
  };
}

/** `documents`: by primary key, a collection ($1) and its keys ($2). */
export const POSTGRES_DOCUMENTS_STATEMENT =
  'SELECT key, document FROM read_model_documents WHERE collection = $1 AND key = ANY($2::text[])';

/** `findDocuments`: the index read, then each hit's document by its primary key. */
export function postgresFindDocumentsStatement(query: IndexQuery): { readonly text: string; readonly values: unknown[] } {
  const statement = postgresFindStatement(query);
  return {
    text: `WITH hit AS (${statement.text})
       SELECT d.document FROM hit JOIN read_model_documents d ON d.collection = $${statement.values.length + 1} AND d.key = hit.key
       ORDER BY hit.sort_key DESC, hit.key DESC`,
    values: [...statement.values, INDEX_COLLECTIONS[query.index]],
  };
}

/** `findDocumentsWithReferences`: the found documents and those they name in one statement, told apart by `referenced`. */
export function postgresFindDocumentsWithReferencesStatement(
  query: IndexQuery,
  reference: DocumentReferenceField,
): { readonly text: string; readonly values: unknown[] } {
  const statement = postgresFindStatement(query);
  const next = statement.values.length;
  return {
    text: `WITH hit AS (${statement.text}),
       found AS (
         SELECT hit.sort_key, d.key, d.document FROM hit JOIN read_model_documents d ON d.collection = $${next + 1} AND d.key = hit.key
       )
       SELECT false AS referenced, found.sort_key, found.key, found.document FROM found
       UNION ALL
       SELECT true, NULL, r.key, r.document FROM read_model_documents r
       WHERE r.collection = $${next + 2}
         AND r.key IN (SELECT $${next + 3}::text || (found.document::jsonb ->> $${next + 4}::text) FROM found)
       ORDER BY referenced, sort_key DESC, key DESC`,
    values: [...statement.values, INDEX_COLLECTIONS[query.index], reference.collection, reference.keyPrefix, reference.field],
  };
}

/** Where the contact's identifiers field goes in the find statement, numbered once its own parameters are known. */
const FIELD_PARAMETER = '$field';

/** A statement's text with its parameters numbered from `offset + 1`, to be embedded in another. */
const shifted = (text: string, offset: number) => text.replace(/\$(\d+)/g, (_match, number: string) => `$${Number(number) + offset}`);

/**
 * `findContactDocuments` in one statement (one round trip): the contact, by key or as the newest hit of
 * its index; the index read over the asked identifiers and those the contact document lists (a JSON array
 * in its field, stored by the projection: no rule is evaluated here); the found documents and those they
 * name; and the documents asked for by key. Rows are told apart by `part`, found ones in `find`'s order.
 */
export function postgresFindContactDocumentsStatement(query: ContactDocumentsQuery): { readonly text: string; readonly values: unknown[] } {
  const values: unknown[] = [];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  let contact: string;
  if ('query' in query.contact) {
    const lookup = postgresFindStatement({ ...query.contact.query, limit: 1 });
    const lookupText = shifted(lookup.text, values.length);
    values.push(...lookup.values);
    contact = `SELECT d.document FROM (${lookupText}) AS hit
         JOIN read_model_documents d ON d.collection = ${parameter(INDEX_COLLECTIONS[query.contact.query.index])} AND d.key = hit.key`;
  } else {
    contact = `SELECT d.document FROM read_model_documents d
         WHERE d.collection = ${parameter(query.contact.collection)} AND d.key = ${parameter(query.contact.key)}`;
  }
  // A document without the list (projected before it existed) adds no identifier: the reader then resolves in two steps.
  const listed = `(contact.document::jsonb -> ${FIELD_PARAMETER}::text)`;
  const identifiers = `(SELECT unnest($3::text[]) UNION SELECT listed.identifier FROM contact
         CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(${listed}) = 'array' THEN ${listed} ELSE '[]'::jsonb END)
         AS listed (identifier))`;
  // The field's parameter follows the find statement's own ones; the whole is then numbered after the contact's.
  const find = postgresFindStatement(query.query, identifiers);
  const findText = shifted(find.text.replaceAll(FIELD_PARAMETER, `$${find.values.length + 1}`), values.length);
  values.push(...find.values, query.identifiersField);
  return {
    text: `WITH contact AS (${contact}),
       hit AS (${findText}),
       found AS (
         SELECT hit.sort_key, d.key, d.document FROM hit JOIN read_model_documents d ON d.collection = ${parameter(INDEX_COLLECTIONS[query.query.index])} AND d.key = hit.key
       )
       SELECT 'found' AS part, found.sort_key, NULL AS collection, found.key, found.document FROM found
       UNION ALL
       SELECT 'reference', NULL, NULL, r.key, r.document FROM read_model_documents r
       WHERE r.collection = ${parameter(query.reference.collection)}
         AND r.key IN (SELECT ${parameter(query.reference.keyPrefix)}::text || (found.document::jsonb ->> ${parameter(query.reference.field)}::text) FROM found)
       UNION ALL
       SELECT 'contact', NULL, NULL, NULL, contact.document FROM contact
       UNION ALL
       SELECT 'document', NULL, d.collection, d.key, d.document FROM read_model_documents d
       JOIN unnest(${parameter(query.documents.map((reference) => reference.collection))}::text[], ${parameter(query.documents.map((reference) => reference.key))}::text[])
         AS wanted_document (collection, key) ON d.collection = wanted_document.collection AND d.key = wanted_document.key
       ORDER BY part, sort_key DESC, key DESC`,
    values,
  };
}

type StoredEntry = IndexEntry & { readonly collection: string; readonly key: string };

/** Column arrays for `unnest`, in the table's column order. */
function entryColumns(entries: readonly StoredEntry[]): string[][] {
  return [
    entries.map((entry) => entry.index),
    entries.map((entry) => entry.workspaceId),
    entries.map((entry) => entry.identifier),
    entries.map((entry) => entry.scope),
    entries.map((entry) => entry.sortKey),
    entries.map((entry) => entry.collection),
    entries.map((entry) => entry.key),
  ];
}
