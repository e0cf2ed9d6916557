import { workerData } from 'node:worker_threads';
import { systemClock } from '@app/clock';
import { parseStoreUrl } from '@app/config';
import { channelToMain, serveSupervisedThread } from '@app/thread-channel';
import { PostgresReadModelStore } from '../postgres/postgres-read-model-store';
import { ReadModelHistoryQuery } from '../read-model-history.query';
import type { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { STORE_READ_TIMEOUT_MS, storeReadFailure } from '../store-reader/store-read-deadline';
import type { HistoryReaderThread, HistoryReaderThreadData } from './history-reader.protocol';

/**
 * The history reader thread: answers history requests on its own connection(s). On SQLite, `node:sqlite`
 * reads are synchronous: here, a slow read holds this thread only, and the gRPC thread's deadline still
 * fires. On PostgreSQL, the driver's protocol work and the documents' parsing (most of a call's CPU) stay
 * off the gRPC thread, which is left to grpc-js and the deadlines; the thread's pool reads concurrently.
 */
async function runHistoryReaderThread(): Promise<void> {
  const data = workerData as HistoryReaderThreadData;
  const location = parseStoreUrl(data.store);
  const readModels: ReadModelStore =
    location.engine === 'sqlite'
      ? new SqliteReadModelStore(location.target)
      : await PostgresReadModelStore.connect(data.store, {
          statementTimeoutMs: STORE_READ_TIMEOUT_MS,
          genericPlans: true,
          applicationName: 'hindsight history reader',
          ...(data.postgresConnections === undefined ? {} : { connections: data.postgresConnections }),
        });
  const query = new ReadModelHistoryQuery(readModels, systemClock);
  const main = channelToMain<HistoryReaderThread>();
  // A SQLite failure (a locking protocol error after a held lock…) is the store being unavailable: the
  // gRPC service's breaker counts it and answers at once, as it does for PostgreSQL's.
  main.answer({
    getHistory: (request) =>
      query.getHistory(request).catch((error: unknown) => {
        throw storeReadFailure(error);
      }),
  });
  serveSupervisedThread(main, () => readModels.close());
}

// A store it cannot open ends the thread with that error: its supervisor reports the start as failed.
runHistoryReaderThread().catch((error: unknown) =>
  setImmediate(() => {
    throw error;
  }),
);
