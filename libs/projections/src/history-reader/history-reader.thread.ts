import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '@app/clock';
import { parseStoreUrl } from '@app/config';
import { ReadModelHistoryQuery } from '../read-model-history.query';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { type FromHistoryReader, HISTORY_READER_KIND, type HistoryReaderData, type ReadHistory } from './history-reader.messages';

/** True in a thread started by `WorkerHistoryQuery`: the entry point then runs this instead of the CLI. */
export function isHistoryReaderThread(): boolean {
  return !isMainThread && (workerData as Partial<HistoryReaderData> | undefined)?.kind === HISTORY_READER_KIND;
}

/**
 * Answers history requests on its own SQLite connection, one at a time. `node:sqlite` reads are
 * synchronous: here, a slow read holds this thread only, and the main thread's deadline still fires.
 */
export async function runHistoryReaderThread(): Promise<void> {
  const data = workerData as HistoryReaderData;
  const location = parseStoreUrl(data.store);
  if (location.engine !== 'sqlite') throw new Error(`the history reader thread reads SQLite stores only, not ${location.engine}`);
  const query = new ReadModelHistoryQuery(new SqliteReadModelStore(location.target), systemClock);
  const port = parentPort!;
  const post = (message: FromHistoryReader) => port.postMessage(message);
  port.on('message', ({ id, request }: ReadHistory) => {
    query.getHistory(request).then(
      (response) => post({ type: 'answered', id, response }),
      (error: unknown) =>
        post({
          type: 'failed',
          id,
          failure: {
            name: (error as Error)?.name ?? 'Error',
            message: (error as Error)?.message ?? String(error),
            code: (error as { code?: string })?.code,
          },
        }),
    );
  });
  post({ type: 'ready' });
}
