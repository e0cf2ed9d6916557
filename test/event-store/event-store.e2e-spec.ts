import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, openEventStore } from '@app/event-store';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';
import { eventStoreContract, type StoreHarness } from './event-store.contract';

describe('SQLite event store (file, WAL)', () => {
  let directory: string | undefined;
  let url = '';
  eventStoreContract(
    (): StoreHarness => ({
      open: async (): Promise<EventStore> => {
        directory = mkdtempSync(join(tmpdir(), 'hindsight-store-'));
        url = `sqlite:${join(directory, 'events.db')}`;
        return openEventStore(url);
      },
      reopen: () => openEventStore(url),
      cleanup: async () => {
        if (directory) rmSync(directory, { recursive: true, force: true });
        directory = undefined;
      },
    }),
  );
});

describeWithPostgres('PostgreSQL event store', () => {
  let database: TestDatabase | undefined;
  eventStoreContract(
    (): StoreHarness => ({
      open: async () => {
        database = await createTestDatabase();
        return openEventStore(database.url);
      },
      reopen: () => openEventStore(database!.url),
      cleanup: async () => {
        await database?.drop();
        database = undefined;
      },
    }),
  );
});
