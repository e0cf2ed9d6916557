import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { parseStoreUrl } from '@app/config';
import { type AppendResult, type EventRow, EventStoreError } from '@app/event-store';
import type { Logger } from '@app/observability';
import { ThreadSupervisor } from '@app/thread-channel';
import type { BackgroundProjection, QuarantineSummary } from '../background-projection.port';
import type { ContactChangeFeed } from '../contact-change.feed';
import type { ReadModelStore } from '../read-model-store.port';
import { logQuarantine } from '../quarantine.logger';
import { threadEntryFile } from '../thread-entry-files';
import { STORE_ERRORS, storeUnavailable } from '../thread-store-errors';
import { MainThreadAppends } from './main-thread.appends';
import type { ProjectorThread, WriterThread, WriteSideThreadData } from './write-side.protocol';

export interface WriteSideThreadsOptions {
  readonly store: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  readonly projectionBatchSize: number;
  /** The projector's wait after a batch that caught up (`projectorPause`); the engine's default when absent. */
  readonly projectionLingerMilliseconds?: number;
  readonly logger: Logger;
  /** Read models on this thread: the checkpoint is read from the database, not from the projector's reports. */
  readonly readModels: ReadModelStore;
  readonly projector?: string;
  readonly idleMilliseconds?: number;
  /** Where the threads' entry files are (`writer-thread.js`, `projector-thread.js`); the bundle's own directory by default. */
  readonly threadDirectory?: string;
  /** Where committed contact changes go while live views listen (serve's desktop streams). */
  readonly contactChanges?: ContactChangeFeed;
  /** Delay before the threads are started again when one died. */
  readonly restartMilliseconds?: number;
  /** How long `stop` waits for a thread's work in flight before terminating it. */
  readonly stopTimeoutMilliseconds?: number;
}

type WriteSideThreadGroup = { writer: WriterThread; projector: ProjectorThread };

/**
 * The write side in two threads, restarted together if either dies: the writer thread (appends and
 * projection commits, on the database's one write connection) and the projector thread (reads, folds and
 * serialises each batch, then has the writer commit it). On PostgreSQL appends stay on the calling
 * thread (MainThreadAppends): only projection commits go to the writer thread. Nothing is lost when a thread dies: an append
 * is answered only once committed (callers of one that was in flight get STORE_UNAVAILABLE and retry or
 * redeliver; event-id dedupe absorbs a repeat), and a projection batch commits with its checkpoint, so
 * the next projector resumes where the last one stopped.
 */
export class WriteSideThreads implements BackgroundProjection {
  private readonly threads: ThreadSupervisor<WriteSideThreadGroup>;
  private readonly projector: string;
  private quarantinedSinceStart = 0;
  private readonly mainThreadAppends?: MainThreadAppends;

  constructor(private readonly options: WriteSideThreadsOptions) {
    this.projector = options.projector ?? 'hindsight';
    if (parseStoreUrl(options.store).engine === 'postgres')
      this.mainThreadAppends = new MainThreadAppends(options.store, () => this.threads.channel('projector')?.notify('appended', undefined));
    const { logger } = options;
    options.contactChanges?.onListening((listening) => this.threads.channel('projector')?.notify('watching', listening));
    this.threads = new ThreadSupervisor<WriteSideThreadGroup>({
      label: 'write side',
      logger,
      restartMilliseconds: options.restartMilliseconds,
      stopTimeoutMilliseconds: options.stopTimeoutMilliseconds,
      // The projector first: its batch in flight commits through the writer.
      stopOrder: ['projector', 'writer'],
      launch: () => {
        const { port1, port2 } = new MessageChannel();
        const data = (peer: MessagePort): WriteSideThreadData => ({
          store: options.store,
          sqliteSynchronous: options.sqliteSynchronous,
          projector: this.projector,
          projectionBatchSize: options.projectionBatchSize,
          ...(options.projectionLingerMilliseconds === undefined ? {} : { lingerMilliseconds: options.projectionLingerMilliseconds }),
          idleMilliseconds: options.idleMilliseconds ?? 250,
          peer,
        });
        return {
          writer: {
            script: threadEntryFile('writer', options.threadDirectory),
            workerData: data(port1),
            transferList: [port1],
            channel: { errors: STORE_ERRORS, unavailable: storeUnavailable },
          },
          projector: { script: threadEntryFile('projector', options.threadDirectory), workerData: data(port2), transferList: [port2] },
        };
      },
      onStart: ({ writer, projector }) => {
        const feed = options.contactChanges;
        writer.on('ready', () => logger.info({ thread: 'writer' }, 'write-side thread started'));
        projector.on('ready', () => logger.info({ thread: 'projector' }, 'write-side thread started'));
        projector.on('resumed', ({ checkpoint }) => {
          logger.info({ checkpoint }, 'projection resumed');
          // A projector that restarted may have committed changes nobody was told of: every view refetches.
          feed?.publish({ changes: [], overflow: {} });
        });
        if (feed) {
          projector.notify('watching', feed.listening);
          projector.on('contacts-changed', (changes) => feed.publish(changes));
        }
        projector.on('projected', (progress) => logger.debug(progress, 'projected batch'));
        projector.on('quarantine', (report) => {
          this.quarantinedSinceStart += report.failed.length;
          logQuarantine(logger, report);
        });
        projector.on('projection-failed', (error) =>
          logger.error({ error: error.message, code: error.code }, 'projection batch failed; retrying'),
        );
      },
    });
  }

  /** The writer thread, while it runs (tests terminate it to play a crash). */
  get writerThread(): Worker | undefined {
    return this.threads.thread('writer');
  }

  /** The projector thread, while it runs. */
  get projectorThread(): Worker | undefined {
    return this.threads.thread('projector');
  }

  start(): void {
    this.threads.start().catch((error: unknown) => this.options.logger.error({ err: error }, 'the write side did not start; retrying'));
  }

  /** Appends in the writer thread (on PostgreSQL, on this one); resolves once the transaction has committed. */
  async appendRows(rows: readonly EventRow[]): Promise<AppendResult> {
    if (this.mainThreadAppends) return this.mainThreadAppends.appendRows(rows);
    const writer = this.threads.channel('writer');
    if (!writer) throw storeUnavailable('the writer thread is not running');
    try {
      return await writer.request('append', rows);
    } catch (error) {
      throw error instanceof EventStoreError ? error : new EventStoreError('STORE_UNAVAILABLE', (error as Error).message, { cause: error });
    }
  }

  checkpoint(): Promise<number> {
    return this.options.readModels.checkpoint(this.projector);
  }

  async quarantine(): Promise<QuarantineSummary> {
    return { entries: await this.options.readModels.quarantineCounts(this.projector), sinceStart: this.quarantinedSinceStart };
  }

  /** The appends in flight land first, then the threads stop (the projector's batch in flight commits). */
  async stop(): Promise<void> {
    await this.mainThreadAppends?.close();
    await this.threads.stop();
  }
}
