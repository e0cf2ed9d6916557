import { SqliteEventStore } from '@app/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelStore } from './sqlite-read-model-store';

/** `PRAGMA synchronous`: 1 NORMAL, 2 FULL. */
const synchronousOf = (store: SqliteEventStore) =>
  (store.database.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous;

const write = (key: string) => ({ collection: 'activity', key, documentJson: '{}', addedIndexEntries: [], removedIndexEntries: [] });

describe('SqliteReadModelStore on the event store connection', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'hindsight-read-models-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it.each([
    ['FULL', 2],
    ['NORMAL', 1],
  ] as const)('leaves the appends at synchronous = %s after a commit, a failed one included', async (setting, expected) => {
    const events = new SqliteEventStore(join(directory, 'store.db'), { synchronous: setting });
    const readModels = new SqliteReadModelStore(join(directory, 'store.db'), events.database);
    try {
      await readModels.commit('test', [write('a')], 0, 1);
      expect(synchronousOf(events)).toBe(expected);
      // A checkpoint conflict throws inside the transaction: the setting is restored all the same.
      await expect(readModels.commit('test', [write('b')], 0, 1)).rejects.toThrow(/expected checkpoint 0/);
      expect(synchronousOf(events)).toBe(expected);
      expect([...(await readModels.documents('activity', ['a', 'b'])).keys()]).toEqual(['a']);
    } finally {
      await events.close();
    }
  });
});
