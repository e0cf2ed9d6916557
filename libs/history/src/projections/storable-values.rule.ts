import { unstorableCharacter } from '@app/events';
import type { IndexEntry } from './document-projection';

/**
 * Documents are stored as JSON text (which escapes every character), but a document's key and its index
 * entries are stored as they are, and PostgreSQL refuses a NUL byte: one such value would fail the
 * batch's commit again on every retry and stop the read side. The parser refuses these characters since
 * issue 11; events stored before it are quarantined by this check instead.
 */
export function assertStorable(key: string, entries: readonly IndexEntry[] = []): void {
  const fail = (field: string, problem: string) => {
    throw new Error(`cannot store the read model: its ${field} ${problem}`);
  };
  const keyProblem = unstorableCharacter(key);
  if (keyProblem) fail('document key', keyProblem);
  for (const entry of entries) {
    for (const field of ['workspaceId', 'identifier', 'scope', 'sortKey'] as const) {
      const problem = unstorableCharacter(entry[field]);
      if (problem) fail(`index entry's ${field}`, problem);
    }
  }
}
