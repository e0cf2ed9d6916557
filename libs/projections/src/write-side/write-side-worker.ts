import { Worker } from 'node:worker_threads';
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
 * The write side (appends and the projection engine) in a worker thread, restarted if it dies.
 * Nothing is lost when it dies: an append is answered only once committed (callers of one that was in
 * flight get STORE_UNAVAILABLE and retry or redeliver; event-id dedupe absorbs a repeat), and a
 * projection batch commits with its checkpoint, so the next worker resumes where the last one stopped.
 */
export class WriteSideWorker implements BackgroundProjection {
  private worker: Worker | undefined;
  private exited: Promise<void> | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, PendingAppend>();
  private readonly projector: string;

  constructor(private readonly options: WriteSideWorkerOptions) {
    this.projector = options.projector ?? 'hindsight';
  }

  start(): void {
    if (this.worker) return;
    this.stopping = false;
    const data: WriteSideWorkerData = {
      kind: WRITE_SIDE_WORKER_KIND,
      store: this.options.store,
      sqliteSynchronous: this.options.sqliteSynchronous,
      projector: this.projector,
      projectionBatchSize: this.options.projectionBatchSize,
      idleMilliseconds: this.options.idleMilliseconds ?? 250,
    };
    const worker = new Worker(this.options.script ?? process.argv[1], { workerData: data });
    this.worker = worker;
    worker.on('message', (message: FromWriteSide) => this.receive(message));
    worker.on('error', (error) => this.options.logger.error({ err: error }, 'write-side worker failed'));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.worker = undefined;
        this.failPending('the write-side worker stopped before answering');
        resolve();
        if (this.stopping) return;
        this.options.logger.error({ code }, 'write-side worker exited; restarting');
        this.restartTimer = setTimeout(() => this.start(), this.options.restartMilliseconds ?? 1000);
      }),
    );
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
    this.send({ type: 'wake' });
  }

  checkpoint(): Promise<number> {
    return this.options.readModels.checkpoint(this.projector);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    this.send({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited!.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.options.stopTimeoutMilliseconds ?? 30_000))),
    ]).finally(() => clearTimeout(timer));
    if (timedOut) {
      this.options.logger.warn('write-side worker did not stop in time; terminating it (its projection batch in flight will be redone)');
      await worker.terminate();
    }
  }

  private receive(message: FromWriteSide): void {
    const { logger } = this.options;
    switch (message.type) {
      case 'appended':
        this.settle(message.id)?.resolve(message.result);
        break;
      case 'append-failed':
        this.settle(message.id)?.reject(new EventStoreError((message.code as EventStoreErrorCode | undefined) ?? 'STORE_UNAVAILABLE', message.message));
        break;
      case 'ready':
        logger.info({ checkpoint: message.checkpoint }, 'write-side worker started');
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
