import { openEventStore } from '@app/event-store';
import { openReadModelStore } from '@app/projections';
import { lockHistoryReads } from '../../apps/bench/src/store-lock';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';

const LIMIT_MS = 300;

/**
 * serve's reads on PostgreSQL carry a statement limit (the store reader's deadline elsewhere): a table
 * another session holds makes them fail as STORE_UNAVAILABLE after the limit, instead of waiting as long
 * as the lock. Stores opened without the limit (the projector, the CLI) still wait.
 */
describeWithPostgres('PostgreSQL stores opened with a statement limit', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Creates both schemas before any lock.
    await (await openEventStore(database.url)).close();
    await (await openReadModelStore(database.url)).close();
  });
  afterAll(() => database?.drop());

  const lookup = { index: 'activity-by-contact', workspaceId: 'ws', identifiers: ['phone:+33612345678'], limit: 30 } as const;

  it.each([
    [
      'the event log',
      ['events'],
      async () => {
        const events = await openEventStore(database.url, { statementTimeoutMs: LIMIT_MS });
        return { read: () => events.headPosition(), close: () => events.close() };
      },
    ],
    [
      'the read models',
      ['read_model_index'],
      async () => {
        const readModels = await openReadModelStore(database.url, { statementTimeoutMs: LIMIT_MS });
        return { read: () => readModels.findDocuments(lookup), close: () => readModels.close() };
      },
    ],
  ] as const)('%s: a locked table fails the read as STORE_UNAVAILABLE after the limit', async (_name, tables, open) => {
    // Opened first: opening migrates the schema, which waits for the lock (with no limit) like any migration.
    const store = await open();
    const lock = await lockHistoryReads(database.url, { postgresTables: tables });
    if ('unavailable' in lock) throw new Error(lock.unavailable);
    try {
      const started = performance.now();
      await expect(store.read()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(performance.now() - started).toBeLessThan(LIMIT_MS + 2_000);
    } finally {
      await lock.held.release();
      await store.close();
    }
  });

  it('without the limit, a read waits for the lock and answers once it is released', async () => {
    const events = await openEventStore(database.url);
    const lock = await lockHistoryReads(database.url, { postgresTables: ['events'] });
    if ('unavailable' in lock) throw new Error(lock.unavailable);
    const read = events.headPosition();
    const outcome = await Promise.race([
      read.then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('waiting'), LIMIT_MS * 3)),
    ]);
    expect(outcome).toBe('waiting');
    await lock.held.release();
    await expect(read).resolves.toBe(0);
    await events.close();
  });
});
