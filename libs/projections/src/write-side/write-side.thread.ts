import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { parseStoreUrl } from '@app/config';
import { type EventStore, openEventStore, SqliteEventStore } from '@app/event-store';
import { HINDSIGHT_PROJECTIONS } from '@app/history';
import { ProjectionEngine } from '../projection-engine';
import { openReadModelStore } from '../read-model-store.factory';
import type { ReadModelStore } from '../read-model-store.port';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { GroupCommit } from './group-commit';
import {
  type CommitRequest,
  type FromWriter,
  type FromWriteSide,
  type ToWriteSide,
  WRITE_SIDE_WORKER_KIND,
  type WriteSideWorkerData,
} from './write-side.messages';
import { WriterCommitReadModelStore } from './writer-commit.read-model-store';

/** True in a thread started by `WriteSideWorker`: the entry point then runs this instead of the CLI. */
export function isWriteSideThread(): boolean {
  return !isMainThread && (workerData as Partial<WriteSideWorkerData> | undefined)?.kind === WRITE_SIDE_WORKER_KIND;
}

/** Event store and read models of one thread; on SQLite they share one connection (and its page cache). */
async function openStores(data: WriteSideWorkerData): Promise<{ events: EventStore; readModels: ReadModelStore }> {
  const location = parseStoreUrl(data.store);
  if (location.engine === 'sqlite') {
    const events = new SqliteEventStore(location.target, { synchronous: data.sqliteSynchronous });
    return { events, readModels: new SqliteReadModelStore(location.target, events.database) };
  }
  return { events: await openEventStore(data.store), readModels: await openReadModelStore(data.store) };
}

/** Runs the writer or the projector, as `WriteSideWorker` asked. */
export function runWriteSideThread(): Promise<void> {
  const data = workerData as WriteSideWorkerData;
  return data.role === 'projector' ? runProjector(data) : runWriter(data);
}

/**
 * The writer: appends handed over by the main thread (already validated and serialised) and the
 * projector's batches, on the database's one write connection. SQLite has a single writer, and a
 * second writing connection would find its page cache invalidated by every write of the first.
 */
async function runWriter(data: WriteSideWorkerData): Promise<void> {
  const port = parentPort!;
  const peer = data.peer;
  const post = (message: FromWriteSide) => port.postMessage(message);
  const answer = (message: FromWriter) => peer.postMessage(message);
  const { events, readModels } = await openStores(data);
  const appends = new GroupCommit(events, post, () => answer({ type: 'appended' }));
  peer.on('message', (request: CommitRequest) => {
    readModels.commit(request.projector, request.writes, request.from, request.to).then(
      () => answer({ type: 'committed', id: request.id }),
      (error: unknown) =>
        answer({ type: 'commit-failed', id: request.id, code: (error as { code?: string }).code, message: (error as Error).message }),
    );
  });
  port.on('message', (message: ToWriteSide) => {
    if (message.type === 'append') appends.add(message.id, message.rows);
    else if (message.type === 'stop') {
      stopThen(port, peer, async () => {
        await appends.flushed();
        await readModels.close();
        await events.close();
      });
    }
  });
  post({ type: 'ready' });
}

/**
 * The projector: reads new events and the documents they touch on its own connection, folds them and
 * serialises the result, then hands the batch to the writer, which commits it with the checkpoint.
 * The writer thread then only writes; the rest of a batch's work runs here, on the other core.
 */
async function runProjector(data: WriteSideWorkerData): Promise<void> {
  const port = parentPort!;
  const peer = data.peer;
  const post = (message: FromWriteSide) => port.postMessage(message);
  const { events, readModels } = await openStores(data);
  const writerCommits = new WriterCommitReadModelStore(readModels, peer);
  const engine = new ProjectionEngine(events, writerCommits, HINDSIGHT_PROJECTIONS, {
    projector: data.projector,
    batchSize: data.projectionBatchSize,
    idleMilliseconds: data.idleMilliseconds,
    onBatch: (progress) => post({ type: 'projected', ...progress }),
    onError: (error) => post({ type: 'projection-failed', message: error instanceof Error ? error.message : String(error) }),
  });
  peer.on('message', (message: FromWriter) => (message.type === 'appended' ? engine.wake() : writerCommits.settle(message)));
  port.on('message', (message: ToWriteSide) => {
    if (message.type === 'wake') engine.wake();
    else if (message.type === 'stop') {
      stopThen(port, peer, async () => {
        await engine.stop();
        await writerCommits.close();
        await events.close();
      });
    }
  });
  engine.start();
  post({ type: 'ready', checkpoint: await engine.checkpoint() });
}

/** Finishes the thread's work, says so, and closes its ports: nothing keeps the thread alive then. */
function stopThen(port: MessagePort, peer: MessagePort, finish: () => Promise<void>): void {
  void finish().then(() => {
    port.postMessage({ type: 'stopped' } satisfies FromWriteSide);
    port.close();
    peer.close();
  });
}
