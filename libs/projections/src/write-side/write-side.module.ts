import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock, ClockModule } from '@app/clock';
import { HindsightConfig } from '@app/config';
import { EVENT_STORE, type EventStore, openEventStore } from '@app/event-store';
import { createLogger } from '@app/observability';
import { BACKGROUND_PROJECTION } from '../background-projection.port';
import { READ_MODEL_STORE, type ReadModelStore } from '../read-model-store.port';
import { WorkerEventStore } from './worker-event-store';
import { WriteSideWorker } from './write-side-worker';

/**
 * Starts the write-side worker with the application and stops it after the ingestion transports
 * (they drain in `beforeApplicationShutdown`), so their last appends land and are projected.
 */
@Injectable()
export class WriteSideLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly worker: WriteSideWorker,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onApplicationBootstrap(): void {
    this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.store.close();
  }
}

/**
 * For servers, in place of `EventStoreModule`: EVENT_STORE appends through the write-side worker
 * (which also runs the projection engine, BACKGROUND_PROJECTION) and reads on this thread. Global,
 * so every transport appends through it and can wake the projection.
 */
@Module({})
export class WriteSideModule {
  static forRoot(): DynamicModule {
    return {
      module: WriteSideModule,
      global: true,
      imports: [ClockModule],
      providers: [
        {
          provide: WriteSideWorker,
          inject: [HindsightConfig, READ_MODEL_STORE],
          useFactory: (config: HindsightConfig, readModels: ReadModelStore) =>
            new WriteSideWorker({
              store: config.store,
              sqliteSynchronous: config.sqliteSynchronous,
              projectionBatchSize: config.projectionBatchSize,
              logger: createLogger(config.logLevel, 'write-side'),
              readModels,
            }),
        },
        { provide: BACKGROUND_PROJECTION, useExisting: WriteSideWorker },
        {
          provide: EVENT_STORE,
          inject: [HindsightConfig, CLOCK, WriteSideWorker],
          useFactory: async (config: HindsightConfig, clock: Clock, worker: WriteSideWorker) =>
            new WorkerEventStore(await openEventStore(config.store, { synchronous: config.sqliteSynchronous, clock }), worker),
        },
        WriteSideLifecycle,
      ],
      exports: [EVENT_STORE, BACKGROUND_PROJECTION, WriteSideWorker],
    };
  }
}
