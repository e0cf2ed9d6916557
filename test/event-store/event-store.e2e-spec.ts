import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@app/clock';
import { type EventStore, openEventStore } from '@app/event-store';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';
import { eventStoreContract, RECORDED_AT, type StoreHarness } from './event-store.contract';

const clock = fixedClock(RECORDED_AT);

describe('SQLite event store (file, WAL)', () => {
  let directory: string | undefined;
  let url = '';
  eventStoreContract((): StoreHarness => ({
    open: async (): Promise<EventStore> => {
      directory = mkdtempSync(join(tmpdir(), 'hindsight-store-'));
      url = `sqlite:${join(directory, 'events.db')}`;
      return openEventStore(url, { clock });
    },
    reopen: () => openEventStore(url, { clock }),
    cleanup: async () => {
      if (directory) rmSync(directory, { recursive: true, force: true });
      directory = undefined;
    },
  }));
});

describeWithPostgres('PostgreSQL event store', () => {
  let database: TestDatabase | undefined;
  eventStoreContract((): StoreHarness => ({
    open: async () => {
      database = await createTestDatabase();
      return openEventStore(database.url, { clock });
    },
    reopen: () => openEventStore(database!.url, { clock }),
    cleanup: async () => {
      await database?.drop();
      database = undefined;
    },
  }));
});
