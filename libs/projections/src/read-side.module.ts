import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '@app/clock';
import { HindsightConfig, parseStoreUrl } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { HINDSIGHT_PROJECTIONS, HISTORY_QUERY, type HistoryQuery } from '@app/history';
import { createLogger } from '@app/observability';
import { HistoryReaderThreadQuery } from './history-reader/history-reader-thread.query';
import { ProjectionEngine } from './projection-engine';
import { logQuarantine } from './quarantine.logger';
import { ReadModelHistoryQuery } from './read-model-history.query';
import { openReadModelStore } from './read-model-store.factory';
import { READ_MODEL_STORE, type ReadModelStore } from './read-model-store.port';
import { ReaderThreadReadModelStore } from './store-reader/reader-thread.read-model-store';
import { STORE_READ_TIMEOUT_MS, STORE_READER, StoreReader } from './store-reader/store-reader';

/** Read models, the projection engine and the history query, over the configured store. */
@Module({})
export class ReadSideModule implements OnApplicationShutdown {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly engine: ProjectionEngine,
    @Inject(HISTORY_QUERY) private readonly historyQuery: HistoryQuery,
    @Inject(STORE_READER) private readonly storeReader: StoreReader | undefined,
  ) {}

  /**
   * `historyReaderThread`: answer history queries in a reader thread (servers: the gRPC thread never
   * waits on a synchronous SQLite read, nor spends its time on PostgreSQL's protocol); otherwise here.
   * `storeReaderThread`: on SQLite, this thread's other reads (READ_MODEL_STORE, and EVENT_STORE's reads
   * under WriteSideModule) in the store reader thread, each with a deadline (servers: a locked store
   * must not hold the event loop). PostgreSQL's reads are asynchronous and stay here.
   */
  static forRoot(options: { historyReaderThread?: boolean; storeReaderThread?: boolean } = {}): DynamicModule {
    return {
      module: ReadSideModule,
      global: true,
      providers: [
        {
          provide: STORE_READER,
          inject: [HindsightConfig],
          useFactory: async (config: HindsightConfig) => {
            if (!options.storeReaderThread || parseStoreUrl(config.store).engine !== 'sqlite') return undefined;
            const reader = new StoreReader({ store: config.store, logger: createLogger(config.logLevel, 'store-reader') });
            await reader.start();
            return reader;
          },
        },
        {
          provide: READ_MODEL_STORE,
          inject: [HindsightConfig, STORE_READER],
          useFactory: (config: HindsightConfig, storeReader: StoreReader | undefined) =>
            storeReader
              ? new ReaderThreadReadModelStore(storeReader)
              : // A server's PostgreSQL reads get the store reader's deadline, enforced by the server itself, and are planned once.
                openReadModelStore(
                  config.store,
                  options.storeReaderThread
                    ? {
                        statementTimeoutMs: STORE_READ_TIMEOUT_MS,
                        genericPlans: true,
                        applicationName: 'hindsight api reads',
                      }
                    : {},
                ),
        },
        {
          provide: ProjectionEngine,
          inject: [EVENT_STORE, READ_MODEL_STORE, HindsightConfig, CLOCK],
          useFactory: (events: EventStore, readModels: ReadModelStore, config: HindsightConfig, clock: Clock) => {
            const logger = createLogger(config.logLevel, 'projections');
            return new ProjectionEngine(events, readModels, HINDSIGHT_PROJECTIONS, {
              batchSize: config.projectionBatchSize,
              lingerMilliseconds: config.projectionLingerMs,
              onBatch: (progress) => logger.debug(progress, 'projected batch'),
              onError: (error) => logger.error({ err: error }, 'projection batch failed; retrying'),
              onQuarantine: (report) => logQuarantine(logger, report),
              clock,
            });
          },
        },
        {
          provide: HISTORY_QUERY,
          inject: [READ_MODEL_STORE, CLOCK, HindsightConfig],
          useFactory: async (readModels: ReadModelStore, clock: Clock, config: HindsightConfig) => {
            if (!options.historyReaderThread) return new ReadModelHistoryQuery(readModels, clock);
            const query = new HistoryReaderThreadQuery({
              store: config.store,
              clock,
              logger: createLogger(config.logLevel, 'history-reader'),
              postgresConnections: config.historyReadConnections,
            });
            await query.start();
            return query;
          },
        },
      ],
      exports: [READ_MODEL_STORE, ProjectionEngine, HISTORY_QUERY, STORE_READER],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.stop();
    if (this.historyQuery instanceof HistoryReaderThreadQuery) await this.historyQuery.close();
    await this.readModels.close();
    await this.storeReader?.close();
  }
}
