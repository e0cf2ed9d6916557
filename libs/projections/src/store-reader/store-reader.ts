import type { Worker } from 'node:worker_threads';
import { parseStoreUrl } from '@app/config';
import { SqliteEventStore } from '@app/event-store';
import type { Logger } from '@app/observability';
import { ThreadSupervisor } from '@app/thread-channel';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { threadEntryFile } from '../thread-entry-files';
import { STORE_ERRORS, storeUnavailable } from '../thread-store-errors';
import { answerWithin, STORE_READ_TIMEOUT_MS } from './store-read-deadline';
import type { StoreRead, StoreReaderThread, StoreReaderThreadData, StoreReadRequests } from './store-reader.protocol';

/** DI token of `serve`'s StoreReader on SQLite (undefined elsewhere: its reads are made where they are asked for). */
export const STORE_READER = Symbol('STORE_READER');

export { STORE_READ_TIMEOUT_MS };

export interface StoreReaderOptions {
  /** The SQLite store URL. */
  readonly store: string;
  readonly logger: Logger;
  /** Where the thread's entry file (`store-reader-thread.js`) is; the bundle's own directory by default. */
  readonly threadDirectory?: string;
  /** Delay before a thread that died is started again; reads fail as unavailable meanwhile. */
  readonly restartMilliseconds?: number;
  /** After this long a read fails with STORE_UNAVAILABLE, whether or not the thread answers later. */
  readonly timeoutMilliseconds?: number;
  /** Reads waiting for the thread beyond which new ones fail at once (those of callers that gave up count until the thread gets to them). */
  readonly maxPending?: number;
}

/**
 * The main thread's side of the store reader thread (SQLite only: PostgreSQL's reads are asynchronous).
 * Every read has a deadline: a read waiting on a lock is the thread's to wait through, and its caller
 * gets STORE_UNAVAILABLE (HTTP 503; `/metrics` leaves the store's figures out) instead of waiting with it.
 */
export class StoreReader {
  private readonly threads: ThreadSupervisor<{ reader: StoreReaderThread }>;

  constructor(private readonly options: StoreReaderOptions) {
    const data: StoreReaderThreadData = { store: options.store };
    this.threads = new ThreadSupervisor<{ reader: StoreReaderThread }>({
      label: 'store reader',
      logger: options.logger,
      restartMilliseconds: options.restartMilliseconds,
      stopOrder: ['reader'],
      launch: () => ({
        reader: {
          script: threadEntryFile('storeReader', options.threadDirectory),
          workerData: data,
          channel: { maxPending: options.maxPending ?? 256, errors: STORE_ERRORS, unavailable: storeUnavailable },
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
    await openOnce(parseStoreUrl(this.options.store).target);
    try {
      await this.threads.start();
    } catch (error) {
      // Not started: no restarts behind its caller's back (a server whose start failed must be able to exit).
      await this.threads.terminate();
      throw storeUnavailable(`the store reader thread could not start: ${(error as Error).message}`);
    }
  }

  read<Read extends StoreRead>(
    read: Read,
    ...parameters: StoreReadRequests[Read]['payload']['parameters']
  ): Promise<StoreReadRequests[Read]['result']> {
    const reader = this.threads.channel('reader');
    if (!reader || !this.threads.isReady('reader')) return Promise.reject(storeUnavailable('the store reader thread is not running'));
    const milliseconds = this.options.timeoutMilliseconds ?? STORE_READ_TIMEOUT_MS;
    const payload = { parameters, answerBy: Date.now() + milliseconds } as StoreReadRequests[Read]['payload'];
    return answerWithin(reader.request(read, payload), milliseconds, () =>
      storeUnavailable(`the store did not answer within ${milliseconds} ms (${read})`),
    );
  }

  /** Fails what is waiting and stops the thread. */
  close(): Promise<void> {
    return this.threads.terminate();
  }
}

/**
 * Once, on the calling thread, before anything is served: creates the store as the event log sets it up
 * (16 KiB pages, WAL, both schemas) before the threads race to open it, and a store that cannot be created
 * or opened stops the start with its own error, not with a thread's exit.
 */
async function openOnce(path: string): Promise<void> {
  const events = new SqliteEventStore(path);
  try {
    await new SqliteReadModelStore(path, events.database).close();
  } finally {
    await events.close();
  }
}
