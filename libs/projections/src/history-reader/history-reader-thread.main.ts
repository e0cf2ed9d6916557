import { workerData } from 'node:worker_threads';
import { systemClock } from '@app/clock';
import { parseStoreUrl } from '@app/config';
import { channelToMain, serveSupervisedThread } from '@app/thread-channel';
import { ReadModelHistoryQuery } from '../read-model-history.query';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import type { HistoryReaderThread, HistoryReaderThreadData } from './history-reader.protocol';

/**
 * The history reader thread: answers history requests on its own SQLite connection, one at a time.
 * `node:sqlite` reads are synchronous: here, a slow read holds this thread only, and the main thread's
 * deadline still fires.
 */
function runHistoryReaderThread(): void {
  const data = workerData as HistoryReaderThreadData;
  const location = parseStoreUrl(data.store);
  if (location.engine !== 'sqlite') throw new Error(`the history reader thread reads SQLite stores only, not ${location.engine}`);
  const readModels = new SqliteReadModelStore(location.target);
  const query = new ReadModelHistoryQuery(readModels, systemClock);
  const main = channelToMain<HistoryReaderThread>();
  main.answer({ getHistory: (request) => query.getHistory(request) });
  serveSupervisedThread(main, () => readModels.close());
}

runHistoryReaderThread();
