import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock, ClockModule } from '@app/clock';
import { HindsightConfig } from '@app/config';
import { openEventStore } from './event-store.factory';
import { EVENT_STORE, type EventStore } from './event-store.port';

/** Opens the configured event store adapter behind the EVENT_STORE port and closes it on shutdown. */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      imports: [ClockModule],
      providers: [
        {
          provide: EVENT_STORE,
          inject: [HindsightConfig, CLOCK],
          useFactory: (config: HindsightConfig, clock: Clock) =>
            openEventStore(config.store, { synchronous: config.sqliteSynchronous, clock }),
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
