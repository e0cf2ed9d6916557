import { type BeforeApplicationShutdown, type DynamicModule, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HindsightConfig } from '@app/config';
import { createLogger } from '@app/observability';
import { INGEST_EVENTS_PROVIDER, IngestEvents } from '@app/ingestion';
import { KafkaIngestion } from './kafka-ingestion';

/** Runs the consumer with the application (the write side wakes the projection after each append itself). */
@Injectable()
export class KafkaIngestionLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly ingestion: KafkaIngestion;
  private readonly brokers: string;

  constructor(ingest: IngestEvents, config: HindsightConfig) {
    this.brokers = config.kafkaBrokers;
    this.ingestion = new KafkaIngestion(ingest, {
      brokers: config.kafkaBrokers.split(','),
      topics: config.kafkaTopics.split(','),
      groupId: config.kafkaGroupId,
      deadLetterTopic: config.kafkaDeadLetterTopic,
      consumers: config.kafkaConsumers,
      logger: createLogger(config.logLevel, 'kafka'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ingestion.start().catch((error: unknown) => {
      // kafkajs says "Connection error: connect ECONNREFUSED …": a start-up failure must say it is Kafka.
      throw new Error(`Kafka (${this.brokers}): ${(error as Error).message}`, { cause: error });
    });
  }

  // Before the stores close: the batch in flight is appended and committed first.
  async beforeApplicationShutdown(): Promise<void> {
    await this.ingestion.stop();
  }
}

@Module({})
export class KafkaIngestionModule {
  static forRoot(): DynamicModule {
    return {
      module: KafkaIngestionModule,
      providers: [INGEST_EVENTS_PROVIDER, KafkaIngestionLifecycle],
      exports: [KafkaIngestionLifecycle],
    };
  }
}
