import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { parseStoreUrl } from '@app/config';
import {
  CheckpointConflictError,
  type DocumentWrite,
  openReadModelStore,
  type QuarantineChanges,
  type QuarantineFailure,
  type ReadModelStore,
} from '@app/projections';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const PROJECTOR = 'quarantine-test';
const FIRST = '2026-03-01T10:00:00.000Z';
const LATER = '2026-03-02T10:00:00.000Z';

const failure = (position: number, collection = 'activity', overrides: Partial<QuarantineFailure> = {}): QuarantineFailure => ({
  position,
  collection,
  eventId: `evt-${position}`,
  eventType: 'call.transcript.completed',
  workspaceId: 'ws-1',
  errorName: 'TypeError',
  errorMessage: "Cannot read properties of undefined (reading 'trim')",
  failedAt: FIRST,
  ...overrides,
});

const changes = (overrides: Partial<QuarantineChanges> = {}): QuarantineChanges => ({
  refolds: { from: 0, to: 0 },
  failed: [],
  refolded: [],
  ...overrides,
});

const document = (key: string): DocumentWrite => ({
  collection: 'activity',
  key,
  documentJson: JSON.stringify({ key }),
  addedIndexEntries: [],
  removedIndexEntries: [],
});

// The quarantine part of the ReadModelStore port, on every adapter.
describe.each(TEST_ENGINES())('read model quarantine on %s', (engine) => {
  let store: TestStore;
  let readModels: ReadModelStore;

  beforeEach(async () => {
    store = await createTestStore(engine);
    readModels = await openReadModelStore(store.url);
    // A batch up to position 10 in which two folds threw (the later position first: the store orders them).
    await readModels.commit(PROJECTOR, [document('a-1')], 0, 10, changes({ failed: [failure(7, 'session'), failure(3)] }));
  });
  afterEach(async () => {
    await readModels.close();
    await store.cleanup();
  });

  it('records failed folds with the batch: listed by position, attempts 1, counted by projection, no event body', async () => {
    expect(await readModels.quarantined(PROJECTOR)).toEqual([
      {
        projector: PROJECTOR,
        position: 3,
        collection: 'activity',
        eventId: 'evt-3',
        eventType: 'call.transcript.completed',
        workspaceId: 'ws-1',
        errorName: 'TypeError',
        errorMessage: "Cannot read properties of undefined (reading 'trim')",
        firstQuarantinedAt: FIRST,
        lastFailedAt: FIRST,
        attempts: 1,
      },
      expect.objectContaining({ position: 7, collection: 'session', attempts: 1 }),
    ]);
    expect(Object.fromEntries(await readModels.quarantineCounts(PROJECTOR))).toEqual({ activity: 1, session: 1 });
    expect(await readModels.checkpointState(PROJECTOR)).toEqual({ position: 10, refolds: 0 });
    expect(await readModels.documents('activity', ['a-1'])).toEqual(new Map([['a-1', { key: 'a-1' }]]));
    expect(await readModels.quarantined('another-projector')).toEqual([]);
    expect(await readModels.quarantineCounts('another-projector')).toEqual(new Map());
  });

  it('writes neither the entries nor the documents of a batch whose commit conflicts', async () => {
    await expect(readModels.commit(PROJECTOR, [document('a-2')], 5, 20, changes({ failed: [failure(15)] }))).rejects.toBeInstanceOf(
      CheckpointConflictError,
    );
    expect((await readModels.quarantined(PROJECTOR)).map((entry) => entry.position)).toEqual([3, 7]);
    expect(await readModels.documents('activity', ['a-2'])).toEqual(new Map());
    expect(await readModels.checkpoint(PROJECTOR)).toBe(10);
  });

  it('marks entries for a re-fold by position or all, and lists only marked ones as requested', async () => {
    expect(await readModels.refoldsRequested(PROJECTOR)).toEqual([]);
    expect(await readModels.requestRefold(PROJECTOR, [3, 3, 99], FIRST)).toBe(1);
    expect(await readModels.refoldsRequested(PROJECTOR)).toEqual([expect.objectContaining({ position: 3, retryRequestedAt: FIRST })]);
    expect(await readModels.requestRefold('another-projector', 'all', LATER)).toBe(0);
    expect(await readModels.requestRefold(PROJECTOR, 'all', LATER)).toBe(2);
    expect((await readModels.refoldsRequested(PROJECTOR)).map((entry) => [entry.position, entry.retryRequestedAt])).toEqual([
      [3, LATER],
      [7, LATER],
    ]);
  });

  it('deletes an entry re-folded by a batch, moving the re-fold count and not the checkpoint', async () => {
    await readModels.requestRefold(PROJECTOR, 'all', FIRST);
    await readModels.commit(
      PROJECTOR,
      [document('a-1')],
      10,
      10,
      changes({ refolds: { from: 0, to: 1 }, refolded: [{ position: 3, collection: 'activity' }] }),
    );
    expect((await readModels.quarantined(PROJECTOR)).map((entry) => entry.position)).toEqual([7]);
    expect((await readModels.refoldsRequested(PROJECTOR)).map((entry) => entry.position)).toEqual([7]);
    expect(await readModels.checkpointState(PROJECTOR)).toEqual({ position: 10, refolds: 1 });
  });

  it('keeps an entry whose re-fold failed again: first time kept, new error and time, one more attempt, mark cleared', async () => {
    await readModels.requestRefold(PROJECTOR, [3], FIRST);
    const again = failure(3, 'activity', { errorName: 'RangeError', errorMessage: 'still broken', failedAt: LATER });
    await readModels.commit(PROJECTOR, [], 10, 10, changes({ refolds: { from: 0, to: 1 }, failed: [again] }));
    expect((await readModels.quarantined(PROJECTOR))[0]).toEqual(
      expect.objectContaining({
        position: 3,
        errorName: 'RangeError',
        errorMessage: 'still broken',
        firstQuarantinedAt: FIRST,
        lastFailedAt: LATER,
        attempts: 2,
      }),
    );
    expect((await readModels.quarantined(PROJECTOR))[0]).not.toHaveProperty('retryRequestedAt');
    expect(await readModels.refoldsRequested(PROJECTOR)).toEqual([]);
  });

  it('refuses a commit whose re-fold count moved (another process re-folded), like one whose checkpoint moved', async () => {
    await readModels.commit(
      PROJECTOR,
      [],
      10,
      10,
      changes({ refolds: { from: 0, to: 1 }, refolded: [{ position: 3, collection: 'activity' }] }),
    );
    // A projector that read the count before that re-fold, holding documents folded without it.
    await expect(readModels.commit(PROJECTOR, [document('a-3')], 10, 12, changes())).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await readModels.documents('activity', ['a-3'])).toEqual(new Map());
    await readModels.commit(PROJECTOR, [document('a-3')], 10, 12, changes({ refolds: { from: 1, to: 1 } }));
    expect(await readModels.checkpointState(PROJECTOR)).toEqual({ position: 12, refolds: 1 });
    // Without quarantine changes (documents written directly), the count is neither checked nor moved.
    await readModels.commit(PROJECTOR, [], 12, 13);
    expect(await readModels.checkpointState(PROJECTOR)).toEqual({ position: 13, refolds: 1 });
  });

  it('is emptied by a reset, with the checkpoint and its re-fold count (a rebuild quarantines again what still fails)', async () => {
    await readModels.commit(PROJECTOR, [], 10, 10, changes({ refolds: { from: 0, to: 1 } }));
    await readModels.reset();
    expect(await readModels.quarantined(PROJECTOR)).toEqual([]);
    expect(await readModels.checkpointState(PROJECTOR)).toEqual({ position: 0, refolds: 0 });
  });
});

describe.each(TEST_ENGINES())('read models of a database made before the quarantine, on %s', (engine) => {
  let store: TestStore;
  beforeEach(async () => (store = await createTestStore(engine)));
  afterEach(async () => store.cleanup());

  const OLD_CHECKPOINTS = `CREATE TABLE read_model_checkpoints (projector TEXT PRIMARY KEY, position BIGINT NOT NULL);
    INSERT INTO read_model_checkpoints (projector, position) VALUES ('hindsight', 42);`;

  it('gain the re-fold count and the quarantine, keeping the checkpoint', async () => {
    const location = parseStoreUrl(store.url);
    if (location.engine === 'sqlite') {
      const database = new DatabaseSync(location.target);
      database.exec(OLD_CHECKPOINTS);
      database.close();
    } else {
      const client = new Client({ connectionString: location.target });
      await client.connect();
      await client.query(OLD_CHECKPOINTS);
      await client.end();
    }
    // Two processes opening it at once both find it usable.
    const [readModels, other] = await Promise.all([openReadModelStore(store.url), openReadModelStore(store.url)]);
    try {
      expect(await readModels.checkpointState('hindsight')).toEqual({ position: 42, refolds: 0 });
      await readModels.commit('hindsight', [], 42, 43, changes({ failed: [failure(43)] }));
      expect(await other.quarantined('hindsight')).toEqual([expect.objectContaining({ position: 43 })]);
    } finally {
      await readModels.close();
      await other.close();
    }
  });
});
