import type { Worker } from 'node:worker_threads';
import type { Clock } from '@app/clock';
import type { HistoryQuery, HistoryRequest, HistoryResponse } from '@app/history';
import type { Logger } from '@app/observability';
import { EventStoreError } from '@app/event-store';
import { ThreadSupervisor } from '@app/thread-channel';
import { threadEntryFile } from '../thread-entry-files';
import { STORE_ERRORS, storeUnavailable } from '../thread-store-errors';
import type { HistoryReaderThread, HistoryReaderThreadData } from './history-reader.protocol';

export interface HistoryReaderThreadQueryOptions {
  /** The store URL (`sqlite:` or `postgres://`). */
  readonly store: string;
  /** Gives "now" for requests without `at`, on this thread. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where the thread's entry file (`history-reader-thread.js`) is; the bundle's own directory by default. */
  readonly threadDirectory?: string;
  /** Delay before a thread that died is started again; queries fail open meanwhile. */
  readonly restartMilliseconds?: number;
  /** Requests waiting for the thread beyond which new ones fail at once (a stuck read must not pile them up). */
  readonly maxPending?: number;
  /** On PostgreSQL, the reader's pool size (8 when absent). */
  readonly postgresConnections?: number;
}

/**
 * The history query of `serve`, run in the history reader thread. `node:sqlite` reads are synchronous:
 * on the gRPC thread, a slow read (cold disk, a lock held by another process) would stall every call
 * and keep the fail-open deadline from firing; PostgreSQL's reads are asynchronous but their protocol
 * and parsing cost the gRPC thread more than grpc-js itself. Here the deadline is a timer on a free
 * thread, and the query of one call overlaps the gRPC work of the others on the second core.
 */
export class HistoryReaderThreadQuery implements HistoryQuery {
  private readonly threads: ThreadSupervisor<{ reader: HistoryReaderThread }>;

  constructor(private readonly options: HistoryReaderThreadQueryOptions) {
    const data: HistoryReaderThreadData = {
      store: options.store,
      ...(options.postgresConnections === undefined ? {} : { postgresConnections: options.postgresConnections }),
    };
    this.threads = new ThreadSupervisor<{ reader: HistoryReaderThread }>({
      label: 'history reader',
      logger: options.logger,
      restartMilliseconds: options.restartMilliseconds,
      stopOrder: ['reader'],
      launch: () => ({
        reader: {
          script: threadEntryFile('historyReader', options.threadDirectory),
          workerData: data,
          channel: { maxPending: options.maxPending ?? 1024, errors: STORE_ERRORS, unavailable: storeUnavailable },
        },
      }),
    });
  }

  /** The reader thread, while it runs (tests terminate it to play a crash). */
  get thread(): Worker | undefined {
    return this.threads.thread('reader');
  }

  /** Starts the thread; resolves once it has opened the store and answers. */
  async start(): Promise<void> {
    try {
      await this.threads.start();
    } catch (error) {
      throw storeUnavailable(`the history reader thread could not start: ${(error as Error).message}`);
    }
  }

  getHistory(request: HistoryRequest): Promise<HistoryResponse> {
    const reader = this.threads.channel('reader');
    if (!reader || !this.threads.isReady('reader')) return Promise.reject(storeUnavailable('the history reader thread is not running'));
    return reader
      .request('getHistory', { ...request, at: request.at ?? this.options.clock.now().toISOString() })
      .catch((error: unknown) => {
        // Only store errors keep their code from the reader. Anything else failed inside it (the request was
        // validated here) and must not pass for a caller's mistake, which the gRPC service maps by code.
        if (error instanceof EventStoreError) throw error;
        throw Object.assign(new Error((error as Error).message), { name: (error as Error).name });
      });
  }

  /** Fails what is waiting and stops the thread. */
  close(): Promise<void> {
    return this.threads.terminate();
  }
}
