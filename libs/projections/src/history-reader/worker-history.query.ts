import { Worker } from 'node:worker_threads';
import type { Clock } from '@app/clock';
import { EventStoreError } from '@app/event-store';
import type { HistoryQuery, HistoryRequest, HistoryResponse } from '@app/history';
import type { Logger } from '@app/observability';
import {
  type FromHistoryReader,
  HISTORY_READER_KIND,
  type HistoryReaderData,
  type ReadHistory,
  type ReaderFailure,
} from './history-reader.messages';

export interface WorkerHistoryQueryOptions {
  /** A `sqlite:` store URL. */
  readonly store: string;
  /** Gives "now" for requests without `at`, on this thread. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** The bundle to run in the thread (its entry point dispatches on `isHistoryReaderThread`). */
  readonly script?: string;
  /** Delay before a thread that died is started again; queries fail open meanwhile. */
  readonly restartMilliseconds?: number;
  /** Requests waiting for the thread beyond which new ones fail at once (a stuck read must not pile them up). */
  readonly maxPending?: number;
}

interface Pending {
  readonly resolve: (response: HistoryResponse) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The history query of `serve` on SQLite, run in a reader thread. `node:sqlite` reads are
 * synchronous: on the gRPC thread, a slow read (cold disk, a lock held by another process) would
 * stall every call and keep the fail-open deadline from firing. Here the deadline is a timer on a
 * free thread, and the query of one call overlaps the gRPC work of the others on the second core.
 */
export class WorkerHistoryQuery implements HistoryQuery {
  private thread: Worker | undefined;
  private ready = false;
  private whenReady: (() => void) | undefined;
  private closing = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: WorkerHistoryQueryOptions) {}

  /** Starts the thread; resolves once it has opened the store and answers. */
  start(): Promise<void> {
    if (this.thread || this.closing) return Promise.resolve();
    const data: HistoryReaderData = { kind: HISTORY_READER_KIND, store: this.options.store };
    const thread = new Worker(this.options.script ?? process.argv[1], { workerData: data });
    this.thread = thread;
    thread.on('message', (message: FromHistoryReader) => this.receive(message));
    thread.on('error', (error) => this.options.logger.error({ err: error }, 'history reader thread failed'));
    const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
    void exited.then((code) => {
      this.thread = undefined;
      this.ready = false;
      this.failPending('the history reader thread stopped before answering');
      if (this.closing) return;
      this.options.logger.error({ code }, 'history reader thread exited; restarting it');
      this.restartTimer = setTimeout(() => void this.start().catch(() => undefined), this.options.restartMilliseconds ?? 1000);
    });
    return Promise.race([
      new Promise<void>((resolve) => (this.whenReady = resolve)),
      exited.then((code) => {
        throw new EventStoreError('STORE_UNAVAILABLE', `the history reader thread exited (code ${code}) before it was ready`);
      }),
    ]);
  }

  getHistory(request: HistoryRequest): Promise<HistoryResponse> {
    const thread = this.thread;
    if (!thread || !this.ready) return Promise.reject(new EventStoreError('STORE_UNAVAILABLE', 'the history reader thread is not running'));
    if (this.pending.size >= (this.options.maxPending ?? 1024)) {
      return Promise.reject(new EventStoreError('STORE_UNAVAILABLE', 'the history reader thread is behind (too many requests waiting)'));
    }
    const id = this.nextId++;
    const message: ReadHistory = { id, request: { ...request, at: request.at ?? this.options.clock.now().toISOString() } };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      thread.postMessage(message);
    });
  }

  /** Fails what is waiting and stops the thread. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
    await this.thread?.terminate();
  }

  private receive(message: FromHistoryReader): void {
    if (message.type === 'ready') {
      this.ready = true;
      this.whenReady?.();
      return;
    }
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === 'answered') pending?.resolve(message.response);
    else pending?.reject(toError(message.failure));
  }

  private failPending(reason: string): void {
    for (const { reject } of this.pending.values()) reject(new EventStoreError('STORE_UNAVAILABLE', reason));
    this.pending.clear();
  }
}

/** Store errors keep their code (the gRPC service fails open with their message); others keep name and message. */
function toError(failure: ReaderFailure): Error {
  if (failure.code === 'STORE_UNAVAILABLE') return new EventStoreError('STORE_UNAVAILABLE', failure.message);
  const error = new Error(failure.message);
  error.name = failure.name;
  return error;
}
