import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { type AppendResult, type EventRow, EventStoreError, type EventStoreErrorCode } from '@app/event-store';
import type { Logger } from '@app/observability';
import type { BackgroundProjection } from '../background-projection.port';
import type { ReadModelStore } from '../read-model-store.port';
import { type FromWriteSide, type ToWriteSide, WRITE_SIDE_WORKER_KIND, type WriteSideWorkerData } from './write-side.messages';

export interface WriteSideWorkerOptions {
  readonly store: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  readonly projectionBatchSize: number;
  readonly logger: Logger;
  /** Read models on this thread: the checkpoint is read from the database, not from the worker's reports. */
  readonly readModels: ReadModelStore;
  readonly projector?: string;
  readonly idleMilliseconds?: number;
  /** The bundle to run in the thread (its entry point dispatches on `isWriteSideThread`). */
  readonly script?: string;
  /** Delay before a worker that died is started again. */
  readonly restartMilliseconds?: number;
  /** How long `stop` waits for the work in flight before terminating the thread. */
  readonly stopTimeoutMilliseconds?: number;
}

interface PendingAppend {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The write side in two worker threads, restarted together if either dies: the writer (appends and
 * projection commits, on the database's one write connection) and the projector (reads, folds and
 * serialises each batch, then has the writer commit it). Nothing is lost when a thread dies: an append
 * is answered only once committed (callers of one that was in flight get STORE_UNAVAILABLE and retry or
 * redeliver; event-id dedupe absorbs a repeat), and a projection batch commits with its checkpoint, so
 * the next projector resumes where the last one stopped.
 */
export class WriteSideWorker implements BackgroundProjection {
  /** The writer thread. */
  private worker: Worker | undefined;
  private projection: Worker | undefined;
  private readonly exits = new Map<Worker, Promise<void>>();
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, PendingAppend>();
  private readonly projector: string;

  constructor(private readonly options: WriteSideWorkerOptions) {
    this.projector = options.projector ?? 'hindsight';
  }

  start(): void {
    if (this.worker || this.projection) return;
    this.stopping = false;
    const channel = new MessageChannel();
    const writer = this.spawn('writer', channel.port1);
    const projector = this.spawn('projector', channel.port2);
    this.worker = writer;
    this.projection = projector;
    void Promise.all([this.exits.get(writer), this.exits.get(projector)]).then(() => {
      if (this.stopping) return;
      this.restartTimer = setTimeout(() => this.start(), this.options.restartMilliseconds ?? 1000);
    });
  }

  private spawn(role: WriteSideWorkerData['role'], peer: MessagePort): Worker {
    const data: WriteSideWorkerData = {
      kind: WRITE_SIDE_WORKER_KIND,
      role,
      store: this.options.store,
      sqliteSynchronous: this.options.sqliteSynchronous,
      projector: this.projector,
      projectionBatchSize: this.options.projectionBatchSize,
      idleMilliseconds: this.options.idleMilliseconds ?? 250,
      peer,
    };
    const thread = new Worker(this.options.script ?? process.argv[1], { workerData: data, transferList: [peer] });
    thread.on('message', (message: FromWriteSide) => this.receive(role, message));
    thread.on('error', (error) => this.options.logger.error({ err: error, role }, 'write-side thread failed'));
    this.exits.set(
      thread,
      new Promise((resolve) =>
        thread.once('exit', (code) => {
          this.exits.delete(thread);
          if (thread === this.worker) {
            this.worker = undefined;
            // Appends cannot wait for a restart: their callers retry (Kafka redelivers, HTTP answers 503).
            this.failPending('the write-side worker stopped before answering');
          }
          if (thread === this.projection) this.projection = undefined;
          if (!this.stopping) {
            this.options.logger.error({ code, role }, 'write-side thread exited; restarting the write side');
            // The other one goes too: they share a channel, and each needs the other.
            void this.worker?.terminate();
            void this.projection?.terminate();
          }
          resolve();
        }),
      ),
    );
    return thread;
  }

  /** Appends in the worker; resolves once the transaction has committed. */
  appendRows(rows: readonly EventRow[]): Promise<AppendResult> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new EventStoreError('STORE_UNAVAILABLE', 'the write-side worker is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'append', id, rows });
    });
  }

  wake(): void {
    this.projection?.postMessage({ type: 'wake' } satisfies ToWriteSide);
  }

  checkpoint(): Promise<number> {
    return this.options.readModels.checkpoint(this.projector);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    // The projector first: its batch in flight commits through the writer.
    await this.stopThread(this.projection, 'projector');
    await this.stopThread(this.worker, 'writer');
  }

  private async stopThread(thread: Worker | undefined, role: WriteSideWorkerData['role']): Promise<void> {
    const exited = thread && this.exits.get(thread);
    if (!thread || !exited) return;
    thread.postMessage({ type: 'stop' } satisfies ToWriteSide);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.options.stopTimeoutMilliseconds ?? 30_000))),
    ]).finally(() => clearTimeout(timer));
    if (timedOut) {
      this.options.logger.warn(
        { role },
        'write-side thread did not stop in time; terminating it (a projection batch in flight will be redone)',
      );
      await thread.terminate();
    }
  }

  private receive(role: WriteSideWorkerData['role'], message: FromWriteSide): void {
    const { logger } = this.options;
    switch (message.type) {
      case 'appended':
        this.settle(message.id)?.resolve(message.result);
        break;
      case 'append-failed':
        this.settle(message.id)?.reject(
          new EventStoreError((message.code as EventStoreErrorCode | undefined) ?? 'STORE_UNAVAILABLE', message.message),
        );
        break;
      case 'ready':
        logger.info({ role, checkpoint: message.checkpoint }, 'write-side thread started');
        break;
      case 'projected':
        logger.debug({ checkpoint: message.checkpoint, events: message.events, milliseconds: message.milliseconds }, 'projected batch');
        break;
      case 'projection-failed':
        logger.error({ error: message.message }, 'projection batch failed; retrying');
        break;
      case 'stopped':
        break;
    }
  }

  private settle(id: number): PendingAppend | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending;
  }

  private failPending(reason: string): void {
    for (const { reject } of this.pending.values()) reject(new EventStoreError('STORE_UNAVAILABLE', reason));
    this.pending.clear();
  }

  private send(message: ToWriteSide): void {
    this.worker?.postMessage(message);
  }
}
