import { workerData } from 'node:worker_threads';
import { parseStoreUrl } from '@app/config';
import { SqliteEventStore } from '@app/event-store';
import { channelToMain, serveSupervisedThread } from '@app/thread-channel';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { readForCaller } from './store-read-deadline';
import type { StoreReaderThread, StoreReaderThreadData } from './store-reader.protocol';

/**
 * The store reader thread: the reads `serve`'s main thread would otherwise make itself on SQLite (the
 * insights API, `/metrics`, the warm-up's sample), on its own connection. `node:sqlite` reads are
 * synchronous: a read waiting on a lock held by another process holds this thread, not the event loop.
 * The connection keeps the default 30 s busy timeout: a read gets through as soon as the lock is gone,
 * and its callers have their own deadline meanwhile.
 */
async function runStoreReaderThread(): Promise<void> {
  const data = workerData as StoreReaderThreadData;
  const events = new SqliteEventStore(parseStoreUrl(data.store).target);
  // One connection, one page cache for the log and the read models.
  const readModels = new SqliteReadModelStore(events.path, events.database);
  const main = channelToMain<StoreReaderThread>();
  main.answer({
    'events.read': ({ parameters, answerBy }) => readForCaller(answerBy, () => events.read(...parameters)),
    'events.readStream': ({ parameters, answerBy }) => readForCaller(answerBy, () => events.readStream(...parameters)),
    'events.headPosition': ({ answerBy }) => readForCaller(answerBy, () => events.headPosition()),
    'events.footprint': ({ answerBy }) => readForCaller(answerBy, () => events.footprint()),
    'readModels.checkpoint': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.checkpoint(...parameters)),
    'readModels.checkpointState': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.checkpointState(...parameters)),
    'readModels.quarantined': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.quarantined(...parameters)),
    'readModels.refoldsRequested': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.refoldsRequested(...parameters)),
    'readModels.quarantineCounts': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.quarantineCounts(...parameters)),
    'readModels.load': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.load(...parameters)),
    'readModels.documents': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.documents(...parameters)),
    'readModels.find': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.find(...parameters)),
    'readModels.findDocuments': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.findDocuments(...parameters)),
    'readModels.findDocumentsWithReferences': ({ parameters, answerBy }) =>
      readForCaller(answerBy, () => readModels.findDocumentsWithReferences(...parameters)),
    'readModels.sample': ({ parameters, answerBy }) => readForCaller(answerBy, () => readModels.sample(...parameters)),
  });
  serveSupervisedThread(main, async () => {
    await readModels.close();
    await events.close();
  });
}

// A store it cannot open ends the thread with that error: its supervisor reports the start as failed.
runStoreReaderThread().catch((error: unknown) =>
  setImmediate(() => {
    throw error;
  }),
);
