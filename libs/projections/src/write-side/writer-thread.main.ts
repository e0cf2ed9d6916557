import { workerData } from 'node:worker_threads';
import { channelToMain, serveSupervisedThread, ThreadChannel } from '@app/thread-channel';
import { GroupCommit } from './group-commit';
import { PROJECTOR_WAKE_WINDOW_MS, throttleWake } from './projector-wake.throttle';
import { openWriteSideStores } from './write-side.stores';
import type { ProjectorToWriter, WriterThread, WriterToProjector, WriteSideThreadData } from './write-side.protocol';

/**
 * The writer thread: appends handed over by the main thread (already validated and serialised) and the
 * projector thread's batches, on the database's one write connection. SQLite has a single writer, and a
 * second writing connection would find its page cache invalidated by every write of the first.
 */
async function runWriterThread(): Promise<void> {
  const data = workerData as WriteSideThreadData;
  const main = channelToMain<WriterThread>();
  const projector = new ThreadChannel<WriterToProjector, ProjectorToWriter>(data.peer);
  const { events, readModels } = await openWriteSideStores(data);
  const wakeProjector = throttleWake(() => projector.notify('appended', undefined), PROJECTOR_WAKE_WINDOW_MS);
  const appends = new GroupCommit(events, wakeProjector);
  main.answer({ append: (rows) => appends.add(rows) });
  projector.answer({ commit: (batch) => readModels.commit(batch.projector, batch.writes, batch.from, batch.to, batch.quarantine) });
  serveSupervisedThread(main, async () => {
    await appends.flushed();
    await readModels.close();
    await events.close();
  }, [data.peer]);
}

runWriterThread().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
