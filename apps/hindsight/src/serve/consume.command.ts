import type { Writable } from 'node:stream';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { unauthenticatedHostProblem } from '@app/auth';
import { ConfigModule, describeStoreUrl, hasConfiguredKey, type HindsightConfig } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { KafkaIngestionModule } from '@app/kafka-ingestion';
import { couldNotStart } from './start-failure';
import { stopOnSignals } from './stop-on-signals';

/** The standalone ingestion app: Kafka into the event store, nothing else (scale out in one consumer group). */
@Module({})
class ConsumeModule {
  static register(config: HindsightConfig): DynamicModule {
    return { module: ConsumeModule, imports: [ConfigModule.forRoot(config), EventStoreModule.forRoot(), KafkaIngestionModule.forRoot()] };
  }
}

export async function consume(config: HindsightConfig, stdout: Writable): Promise<() => Promise<void>> {
  // consume listens on nothing, but a deployment that exposes its hosts without a key is refused as a whole, as serve would be.
  const exposed = unauthenticatedHostProblem(config.host, hasConfiguredKey(config.auth));
  if (exposed !== undefined) throw couldNotStart('consume', new Error(exposed), config.store);
  // Like serve: a start-up failure is one line, and what started is stopped.
  const app = await NestFactory.createApplicationContext(ConsumeModule.register(config), { logger: false, abortOnError: false }).catch(
    (error: unknown) => {
      throw couldNotStart('consume', error, config.store);
    },
  );
  await app.init().catch(async (error: unknown) => {
    await app.close().catch(() => undefined);
    throw couldNotStart('consume', error, config.store);
  });
  const stop = stopOnSignals(() => app.close());
  stdout.write(
    `${JSON.stringify({ ready: true, store: describeStoreUrl(config.store), kafka: config.kafkaBrokers, groupId: config.kafkaGroupId })}\n`,
  );
  return stop;
}
