import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { documentId, type IndexEntry } from '@app/history';
import { EventStoreError } from '@app/event-store';
import {
  CheckpointConflictError,
  type CheckpointState,
  type ContactDocuments,
  type ContactDocumentsQuery,
  type DocumentReference,
  type DocumentReferenceField,
  type DocumentsWithReferences,
  type DocumentWrite,
  type IndexHit,
  type IndexQuery,
  type QuarantineChanges,
  type QuarantineEntry,
  type ReadModelStore,
  INDEX_COLLECTIONS,
} from '../read-model-store.port';
import { findContactDocumentsInSteps } from '../contact-documents.reads';
import { SQLITE_CHECKPOINT_REFOLDS_COLUMN, SQLITE_READ_MODEL_SCHEMA } from './sqlite-read-model.schema';
import { INDEX_ENTRY_COLUMNS, indexEntryFromRow, type IndexEntryRow } from '../index-entry-row.mapper';
import {
  QUARANTINE_ENTRY_COLUMNS,
  quarantineEntryFromRow,
  type QuarantineEntryRow,
  quarantineFailureParameters,
} from '../quarantine-entry-row.mapper';

/** SQLite limits bound parameters per statement; loads are chunked below it. */
const CHUNK = 500;

/**
 * The WHERE clause of an index lookup. Distinct keys are taken by the caller rather than with GROUP BY
 * (two temporary B-trees per call, half the cost of a history query): a document has one entry per
 * identifier, so `limit` rows per identifier always hold `limit` distinct keys, and all of a document's
 * entries share its sort key. Read in the primary key's order, backwards: with one identifier and a
 * scope, SQLite reads the newest `limit` entries and stops instead of sorting the whole window.
 */
function indexConditions(query: IndexQuery): { readonly where: string; readonly parameters: string[]; readonly rowLimit: number } {
  // `IN (?)` with one value still costs SQLite more than `= ?` (a third of a single-caller lookup).
  const identifier = query.identifiers.length === 1 ? 'identifier = ?' : `identifier IN (${query.identifiers.map(() => '?').join(', ')})`;
  const conditions = ['index_name = ?', 'workspace_id = ?', identifier];
  const parameters: string[] = [query.index, query.workspaceId, ...query.identifiers];
  if (query.scope !== undefined) {
    conditions.push('scope = ?');
    parameters.push(query.scope);
  }
  if (query.fromSortKey !== undefined) {
    conditions.push('sort_key >= ?');
    parameters.push(query.fromSortKey);
  }
  if (query.toSortKey !== undefined) {
    conditions.push('sort_key <= ?');
    parameters.push(query.toSortKey);
  }
  return { where: conditions.join(' AND '), parameters, rowLimit: query.limit * query.identifiers.length };
}

/** The first `limit` distinct keys of `rows`, in their order, each made into a value once. */
function distinctByKey<R extends { readonly key: string }, V>(rows: readonly R[], limit: number, value: (row: R) => V): V[] {
  const values = new Map<string, V>();
  for (const row of rows) {
    if (values.size === limit) break;
    if (!values.has(row.key)) values.set(row.key, value(row));
  }
  return [...values.values()];
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

/**
 * Read models in the events' SQLite file, on their own connection or on the event store's (the
 * writer thread). Every write transaction here and in the event store is synchronous from BEGIN to
 * COMMIT, so they never interleave on a shared connection nor wait on each other across an await.
 */
export class SqliteReadModelStore implements ReadModelStore {
  private readonly database: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  private readonly ownsConnection: boolean;

  /**
   * `connection`: the event store's, when one thread both appends and projects. SQLite connections
   * each keep a page cache that a write by any other connection invalidates; sharing one keeps it warm.
   */
  constructor(path: string, connection?: DatabaseSync) {
    this.ownsConnection = connection === undefined;
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.database = connection ?? new DatabaseSync(path, { timeout: 30_000 });
      if (this.ownsConnection) {
        // A projection batch dirties thousands of pages: checkpointing every 1,000 (the default) cost ~15%.
        this.database.exec(
          'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 8192;',
        );
      }
      this.database.exec(SQLITE_READ_MODEL_SCHEMA);
      this.addRefoldsColumn();
    } catch (error) {
      throw new EventStoreError('STORE_UNAVAILABLE', `cannot open SQLite read models ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async checkpoint(projector: string): Promise<number> {
    return (await this.checkpointState(projector)).position;
  }

  async checkpointState(projector: string): Promise<CheckpointState> {
    const row = this.statement('SELECT position, refolds FROM read_model_checkpoints WHERE projector = ?').get(projector) as
      CheckpointState | undefined;
    return { position: row?.position ?? 0, refolds: row?.refolds ?? 0 };
  }

  async load(references: readonly DocumentReference[]): Promise<Map<string, unknown>> {
    const loaded = new Map<string, unknown>();
    const byCollection = new Map<string, string[]>();
    for (const { collection, key } of references) byCollection.set(collection, [...(byCollection.get(collection) ?? []), key]);
    for (const [collection, keys] of byCollection) {
      for (const [key, document] of await this.documents(collection, keys)) loaded.set(documentId(collection, key), document);
    }
    return loaded;
  }

  async commit(
    projector: string,
    writes: readonly DocumentWrite[],
    from: number,
    to: number,
    quarantine?: QuarantineChanges,
  ): Promise<void> {
    const upsert = this.statement(
      'INSERT INTO read_model_documents (collection, key, document) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET document = excluded.document',
    );
    const remove = this.statement('DELETE FROM read_model_documents WHERE collection = ? AND key = ?');
    const removeIndex = this.statement(
      'DELETE FROM read_model_index WHERE index_name = ? AND workspace_id = ? AND identifier = ? AND scope = ? AND sort_key = ? AND collection = ? AND key = ?',
    );
    const addIndex = this.statement(
      'INSERT OR IGNORE INTO read_model_index (index_name, workspace_id, identifier, scope, sort_key, collection, key) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // Read models are derived from the log: their commits do not wait for the disk (WAL order still holds,
    // so a power loss can only undo the last batches, documents and checkpoint together, and they are
    // folded again). On a connection shared with the event store, appends keep their own setting.
    const synchronous = (this.database.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous;
    this.database.exec('PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE');
    try {
      // Without quarantine changes the re-fold count is neither checked nor moved (NULL).
      const refolds = quarantine?.refolds ?? { from: null, to: null };
      const moved = this.statement(
        `INSERT INTO read_model_checkpoints (projector, position, refolds) VALUES (?, ?, coalesce(?, 0))
         ON CONFLICT (projector) DO UPDATE SET position = excluded.position, refolds = coalesce(?, read_model_checkpoints.refolds)
         WHERE read_model_checkpoints.position = ? AND (? IS NULL OR read_model_checkpoints.refolds = ?)`,
      ).run(projector, to, refolds.to, refolds.to, from, refolds.from, refolds.from);
      if (moved.changes !== 1) throw new CheckpointConflictError(projector, from);
      if (quarantine) this.writeQuarantine(projector, quarantine);
      for (const write of writes) {
        if (write.documentJson === undefined) remove.run(write.collection, write.key);
        else upsert.run(write.collection, write.key, write.documentJson);
        for (const entry of write.removedIndexEntries) {
          removeIndex.run(entry.index, entry.workspaceId, entry.identifier, entry.scope, entry.sortKey, write.collection, write.key);
        }
        for (const entry of write.addedIndexEntries) {
          addIndex.run(entry.index, entry.workspaceId, entry.identifier, entry.scope, entry.sortKey, write.collection, write.key);
        }
      }
      this.database.exec('COMMIT');
    } catch (error) {
      if (this.database.isTransaction) this.database.exec('ROLLBACK');
      throw error;
    } finally {
      this.database.exec(`PRAGMA synchronous = ${synchronous}`);
    }
  }

  /** Inside `commit`'s transaction; nothing to do in a batch where every fold succeeded. */
  private writeQuarantine(projector: string, quarantine: QuarantineChanges): void {
    if (quarantine.failed.length > 0) {
      const record = this.statement(
        `INSERT INTO read_model_quarantine (projector, position, collection, event_id, event_type, workspace_id, error_name, error_message,
           first_quarantined_at, last_failed_at, attempts, retry_requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, NULL)
         ON CONFLICT (projector, position, collection) DO UPDATE SET error_name = excluded.error_name, error_message = excluded.error_message,
           last_failed_at = excluded.last_failed_at, attempts = read_model_quarantine.attempts + 1, retry_requested_at = NULL`,
      );
      for (const failure of quarantine.failed) record.run(...quarantineFailureParameters(projector, failure));
    }
    if (quarantine.refolded.length > 0) {
      const remove = this.statement('DELETE FROM read_model_quarantine WHERE projector = ? AND position = ? AND collection = ?');
      for (const key of quarantine.refolded) remove.run(projector, key.position, key.collection);
    }
  }

  async quarantined(projector: string): Promise<QuarantineEntry[]> {
    const rows = this.statement(
      `SELECT ${QUARANTINE_ENTRY_COLUMNS} FROM read_model_quarantine WHERE projector = ? ORDER BY position, collection`,
    ).all(projector) as unknown as QuarantineEntryRow[];
    return rows.map(quarantineEntryFromRow);
  }

  async refoldsRequested(projector: string): Promise<QuarantineEntry[]> {
    const rows = this.statement(
      `SELECT ${QUARANTINE_ENTRY_COLUMNS} FROM read_model_quarantine INDEXED BY read_model_quarantine_requested
       WHERE projector = ? AND retry_requested_at IS NOT NULL ORDER BY position, collection`,
    ).all(projector) as unknown as QuarantineEntryRow[];
    return rows.map(quarantineEntryFromRow);
  }

  async requestRefold(projector: string, positions: readonly number[] | 'all', at: string): Promise<number> {
    if (positions === 'all') {
      return Number(
        this.statement('UPDATE read_model_quarantine SET retry_requested_at = ? WHERE projector = ?').run(at, projector).changes,
      );
    }
    let marked = 0;
    this.database.exec('BEGIN IMMEDIATE');
    try {
      const mark = this.statement('UPDATE read_model_quarantine SET retry_requested_at = ? WHERE projector = ? AND position = ?');
      for (const position of new Set(positions)) marked += Number(mark.run(at, projector, position).changes);
      this.database.exec('COMMIT');
    } catch (error) {
      if (this.database.isTransaction) this.database.exec('ROLLBACK');
      throw error;
    }
    return marked;
  }

  async quarantineCounts(projector: string): Promise<Map<string, number>> {
    const rows = this.statement(
      'SELECT collection, COUNT(*) AS entries FROM read_model_quarantine WHERE projector = ? GROUP BY collection',
    ).all(projector) as Array<{ collection: string; entries: number }>;
    return new Map(rows.map((row) => [row.collection, row.entries]));
  }

  async documents<T>(collection: string, keys: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const part of chunks([...new Set(keys)])) {
      const rows = this.statement(
        `SELECT key, document FROM read_model_documents WHERE collection = ? AND key IN (${part.map(() => '?').join(', ')})`,
      ).all(collection, ...part) as Array<{ key: string; document: string }>;
      for (const row of rows) found.set(row.key, JSON.parse(row.document) as T);
    }
    return found;
  }

  async find(query: IndexQuery): Promise<IndexHit[]> {
    if (query.identifiers.length === 0) return [];
    const { where, parameters, rowLimit } = indexConditions(query);
    const rows = this.statement(
      `SELECT key, sort_key, scope FROM read_model_index WHERE ${where} ORDER BY sort_key DESC, collection DESC, key DESC LIMIT ?`,
    ).all(...parameters, rowLimit) as Array<{ key: string; sort_key: string; scope: string }>;
    return distinctByKey(rows, query.limit, (row) => ({ key: row.key, sortKey: row.sort_key, scope: row.scope }));
  }

  async findDocuments<T>(query: IndexQuery): Promise<T[]> {
    if (query.identifiers.length === 0) return [];
    // The hits and their documents in one statement: each statement run costs as much as a lookup.
    const { where, parameters, rowLimit } = indexConditions(query);
    const rows = this.statement(
      `SELECT i.key, d.document FROM read_model_index i JOIN read_model_documents d ON d.collection = ? AND d.key = i.key
       WHERE ${where} ORDER BY i.sort_key DESC, i.collection DESC, i.key DESC LIMIT ?`,
    ).all(INDEX_COLLECTIONS[query.index], ...parameters, rowLimit) as Array<{ key: string; document: string }>;
    return distinctByKey(rows, query.limit, (row) => JSON.parse(row.document) as T);
  }

  async findDocumentsWithReferences<T, R>(query: IndexQuery, reference: DocumentReferenceField): Promise<DocumentsWithReferences<T, R>> {
    const documents = await this.findDocuments<T>(query);
    const keys = documents.flatMap((document) => {
      const value = (document as Record<string, unknown>)[reference.field];
      return typeof value === 'string' ? [reference.keyPrefix + value] : [];
    });
    return { documents, references: await this.documents<R>(reference.collection, keys) };
  }

  /** Statements in a row: on SQLite a statement costs no round trip, and each is already one B-tree descent or range. */
  findContactDocuments<C, T, R>(query: ContactDocumentsQuery): Promise<ContactDocuments<C, T, R>> {
    return findContactDocumentsInSteps<C, T, R>(this, query);
  }

  async sample(index: IndexEntry['index'], limit: number): Promise<IndexEntry[]> {
    const rows = this.statement(`SELECT ${INDEX_ENTRY_COLUMNS} FROM read_model_index WHERE index_name = ? LIMIT ?`).all(
      index,
      limit,
    ) as unknown as IndexEntryRow[];
    return rows.map((row) => indexEntryFromRow(index, row));
  }

  async reset(): Promise<void> {
    this.database.exec(
      'BEGIN IMMEDIATE; DELETE FROM read_model_documents; DELETE FROM read_model_index; DELETE FROM read_model_checkpoints; DELETE FROM read_model_quarantine; COMMIT;',
    );
  }

  async close(): Promise<void> {
    if (this.ownsConnection && this.database.isOpen) this.database.close();
  }

  /** Older databases: add the checkpoints' re-fold count once, under the write lock (two processes may open at once). */
  private addRefoldsColumn(): void {
    const hasRefolds = () =>
      (this.database.prepare('PRAGMA table_info(read_model_checkpoints)').all() as Array<{ name: string }>).some(
        (column) => column.name === 'refolds',
      );
    if (hasRefolds()) return;
    this.database.exec('BEGIN IMMEDIATE');
    try {
      if (!hasRefolds()) this.database.exec(SQLITE_CHECKPOINT_REFOLDS_COLUMN);
      this.database.exec('COMMIT');
    } catch (error) {
      if (this.database.isTransaction) this.database.exec('ROLLBACK');
      throw error;
    }
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
