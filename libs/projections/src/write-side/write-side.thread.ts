import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { type EventStore, openEventStore, parseStoreUrl, SqliteEventStore } from '@app/event-store';
import { HINDSIGHT_PROJECTIONS } from '@app/history';
import { ProjectionEngine } from '../projection-engine';
import { openReadModelStore } from '../read-model-store.factory';
import type { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { GroupCommit } from './group-commit';
import { type FromWriteSide, type ToWriteSide, WRITE_SIDE_WORKER_KIND, type WriteSideWorkerData } from './write-side.messages';

/** True in a thread started by `WriteSideWorker`: the entry point then runs this instead of the CLI. */
export function isWriteSideThread(): boolean {
  return !isMainThread && (workerData as Partial<WriteSideWorkerData> | undefined)?.kind === WRITE_SIDE_WORKER_KIND;
}

async function openStores(data: WriteSideWorkerData): Promise<{ events: EventStore; readModels: ReadModelStore }> {
  const location = parseStoreUrl(data.store);
  if (location.engine === 'sqlite') {
    // One connection for appends and projection commits: SQLite has one writer anyway, and a
    // second connection would find its page cache invalidated by every write of the first.
    const events = new SqliteEventStore(location.target, { synchronous: data.sqliteSynchronous });
    return { events, readModels: new SqliteReadModelStore(location.target, events.database) };
  }
  return { events: await openEventStore(data.store), readModels: await openReadModelStore(data.store) };
}

/**
 * The write side, in its own thread: appends handed over by the main thread (already validated and
 * serialised) and the projection engine between them. The main thread keeps decoding, validating,
 * consuming Kafka and answering gRPC on the other core.
 */
export async function runWriteSideThread(): Promise<void> {
  const data = workerData as WriteSideWorkerData;
  const port = parentPort!;
  const post = (message: FromWriteSide) => port.postMessage(message);
  const { events, readModels } = await openStores(data);
  const engine = new ProjectionEngine(events, readModels, HINDSIGHT_PROJECTIONS, {
    projector: data.projector,
    batchSize: data.projectionBatchSize,
    idleMilliseconds: data.idleMilliseconds,
    onBatch: (progress) => post({ type: 'projected', ...progress }),
    onError: (error) => post({ type: 'projection-failed', message: error instanceof Error ? error.message : String(error) }),
  });
  const appends = new GroupCommit(events, post, () => engine.wake());
  port.on('message', (message: ToWriteSide) => {
    if (message.type === 'append') appends.add(message.id, message.rows);
    else if (message.type === 'wake') engine.wake();
    else if (message.type === 'stop') {
      void (async () => {
        await appends.flushed();
        await engine.stop();
        await readModels.close();
        await events.close();
        post({ type: 'stopped' });
        port.close();
      })();
    }
  });
  engine.start();
  post({ type: 'ready', checkpoint: await engine.checkpoint() });
}
