import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CLOCK, type Clock, ClockModule } from '@app/clock';
import { HindsightConfig } from '@app/config';
import { EVENT_STORE, type EventStore, openEventStore } from '@app/event-store';
import { createLogger } from '@app/observability';
import { BACKGROUND_PROJECTION } from '../background-projection.port';
import { ContactChangeFeed } from '../contact-change.feed';
import { READ_MODEL_STORE, type ReadModelStore } from '../read-model-store.port';
import { ReaderThreadEventReads } from '../store-reader/reader-thread.event-reads';
import { STORE_READ_TIMEOUT_MS, STORE_READER, type StoreReader } from '../store-reader/store-reader';
import { WriterThreadEventStore } from './writer-thread.event-store';
import { WriteSideThreads } from './write-side-threads';

/**
 * Starts the write-side threads with the application and stops it after the ingestion transports
 * (they drain in `beforeApplicationShutdown`), so their last appends land and are projected.
 */
@Injectable()
class WriteSideLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly writeSide: WriteSideThreads,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly contactChanges: ContactChangeFeed,
  ) {}

  onApplicationBootstrap(): void {
    this.writeSide.start();
  }

  /** Before the HTTP server closes: it waits for open responses, and a live view's stream never ends on its own. */
  beforeApplicationShutdown(): void {
    this.contactChanges.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writeSide.stop();
    await this.store.close();
  }
}

/**
 * For servers, in place of `EventStoreModule`: EVENT_STORE appends through the writer thread
 * (the projector thread runs the projection engine, BACKGROUND_PROJECTION) and reads in the store reader
 * thread when ReadSideModule runs one (SQLite), otherwise on this thread. Global, so every transport
 * appends through it; the writer thread wakes the projector after each commit.
 */
@Module({})
export class WriteSideModule {
  static forRoot(): DynamicModule {
    return {
      module: WriteSideModule,
      global: true,
      imports: [ClockModule],
      providers: [
        { provide: ContactChangeFeed, useValue: new ContactChangeFeed() },
        {
          provide: WriteSideThreads,
          inject: [HindsightConfig, READ_MODEL_STORE, ContactChangeFeed],
          useFactory: (config: HindsightConfig, readModels: ReadModelStore, contactChanges: ContactChangeFeed) =>
            new WriteSideThreads({
              store: config.store,
              sqliteSynchronous: config.sqliteSynchronous,
              projectionBatchSize: config.projectionBatchSize,
              projectionLingerMilliseconds: config.projectionLingerMs,
              logger: createLogger(config.logLevel, 'write-side'),
              readModels,
              contactChanges,
            }),
        },
        { provide: BACKGROUND_PROJECTION, useExisting: WriteSideThreads },
        {
          provide: EVENT_STORE,
          inject: [HindsightConfig, CLOCK, WriteSideThreads, { token: STORE_READER, optional: true }],
          useFactory: async (config: HindsightConfig, clock: Clock, writeSide: WriteSideThreads, storeReader?: StoreReader) =>
            new WriterThreadEventStore(
              storeReader
                ? new ReaderThreadEventReads(storeReader)
                : // serve's reads of the log on PostgreSQL (paged stream reads): the store reader's deadline, enforced by the server.
                  await openEventStore(config.store, {
                    synchronous: config.sqliteSynchronous,
                    clock,
                    statementTimeoutMs: STORE_READ_TIMEOUT_MS,
                  }),
              writeSide,
            ),
        },
        WriteSideLifecycle,
      ],
      exports: [EVENT_STORE, BACKGROUND_PROJECTION, ContactChangeFeed],
    };
  }
}
