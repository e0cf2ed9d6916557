import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { HindsightConfig } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createLogger } from '@app/observability';
import { BACKGROUND_PROJECTION, type BackgroundProjection } from '@app/projections';
import { KafkaIngestion } from './kafka-ingestion';

/** Runs the consumer with the application; wakes the background projection after each batch when there is one. */
@Injectable()
export class KafkaIngestionLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly ingestion: KafkaIngestion;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    config: HindsightConfig,
    @Optional() @Inject(BACKGROUND_PROJECTION) projection?: BackgroundProjection,
  ) {
    this.ingestion = new KafkaIngestion(store, {
      brokers: config.kafkaBrokers.split(','),
      topics: config.kafkaTopics.split(','),
      groupId: config.kafkaGroupId,
      deadLetterTopic: config.kafkaDeadLetterTopic,
      consumers: config.kafkaConsumers,
      logger: createLogger(config.logLevel, 'kafka'),
      onBatch: () => projection?.wake(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ingestion.start();
  }

  // Before the stores close: the batch in flight is appended and committed first.
  async beforeApplicationShutdown(): Promise<void> {
    await this.ingestion.stop();
  }
}

@Module({})
export class KafkaIngestionModule {
  static forRoot(): DynamicModule {
    return { module: KafkaIngestionModule, providers: [KafkaIngestionLifecycle], exports: [KafkaIngestionLifecycle] };
  }
}
