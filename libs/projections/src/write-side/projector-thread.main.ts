import { workerData } from 'node:worker_threads';
import { contactChanges, HINDSIGHT_PROJECTIONS } from '@app/history';
import { channelToMain, encodeError, serveSupervisedThread, ThreadChannel } from '@app/thread-channel';
import { ProjectionEngine } from '../projection-engine';
import { WriterCommitReadModelStore } from './writer-commit.read-model-store';
import { openWriteSideStores } from './write-side.stores';
import type { ProjectorThread, ProjectorToWriter, WriterToProjector, WriteSideThreadData } from './write-side.protocol';

/**
 * The projector thread: reads new events and the documents they touch on its own connection, folds them
 * and serialises the result, then hands the batch to the writer thread, which commits it with the
 * checkpoint. The writer then only writes; the rest of a batch's work runs here, on the other core.
 */
async function runProjectorThread(): Promise<void> {
  const data = workerData as WriteSideThreadData;
  const main = channelToMain<ProjectorThread>();
  const writer = new ThreadChannel<ProjectorToWriter, WriterToProjector>(data.peer);
  const { events, readModels } = await openWriteSideStores(data);
  const commits = new WriterCommitReadModelStore(readModels, writer);
  let watching = false;
  main.on('watching', (listening) => (watching = listening));
  const engine = new ProjectionEngine(events, commits, HINDSIGHT_PROJECTIONS, {
    projector: data.projector,
    batchSize: data.projectionBatchSize,
    idleMilliseconds: data.idleMilliseconds,
    ...(data.lingerMilliseconds === undefined ? {} : { lingerMilliseconds: data.lingerMilliseconds }),
    onBatch: (progress) => main.notify('projected', progress),
    onQuarantine: (report) => main.notify('quarantine', report),
    onError: (error) => main.notify('projection-failed', encodeError(error)),
    onCommitted: {
      wanted: () => watching,
      committed: (documents) => {
        const changes = contactChanges(documents);
        if (changes.changes.length > 0 || changes.overflow) main.notify('contacts-changed', changes);
      },
    },
  });
  writer.on('appended', () => engine.wake());
  main.on('appended', () => engine.wake());
  engine.start();
  serveSupervisedThread(main, async () => {
    await engine.stop();
    await commits.close();
    await events.close();
  }, [data.peer]);
  main.notify('resumed', { checkpoint: await engine.checkpoint() });
}

runProjectorThread().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
