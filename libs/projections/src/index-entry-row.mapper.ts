import type { IndexEntry } from '@app/history';

/** An index entry as both SQL adapters store it (one column per field, snake_case). */
export interface IndexEntryRow {
  readonly workspace_id: string;
  readonly identifier: string;
  readonly scope: string;
  readonly sort_key: string;
}

/** The columns `IndexEntryRow` reads, in the order both adapters select them. */
export const INDEX_ENTRY_COLUMNS = 'workspace_id, identifier, scope, sort_key';

export function indexEntryFromRow(index: IndexEntry['index'], row: IndexEntryRow): IndexEntry {
  return { index, workspaceId: row.workspace_id, identifier: row.identifier, scope: row.scope, sortKey: row.sort_key };
}
