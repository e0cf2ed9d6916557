import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { openEventStore } from '@app/event-store';
import { type HindsightEvent, streamIdOf } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { IngestEvents } from '@app/ingestion';
import { KafkaIngestion } from '@app/kafka-ingestion';
import { createLogger } from '@app/observability';
import { openReadModelStore, WriterThreadEventStore, WriteSideThreads } from '@app/projections';
import { now, peakRss, perSecond, printTable } from './measure';

export interface KafkaBenchOptions {
  readonly events: number;
  readonly partitions: number;
  readonly brokers: string;
  readonly projectionBatchSize: number;
  /** Consumers of the group in the process (serve: HINDSIGHT_KAFKA_CONSUMERS). */
  readonly consumers: number;
}

/**
 * Produces synthetic events to a multi-partition topic, then runs what `serve --kafka` runs (consumer,
 * event store and projection in the write-side threads) and times the way to queryable history, sampling the lag.
 */
export async function benchKafka(options: KafkaBenchOptions): Promise<void> {
  const script = join(process.cwd(), 'scripts', 'kafka', 'kafka.sh');
  if (spawnSync('bash', [script, 'start'], { stdio: 'ignore', timeout: 240_000 }).status !== 0)
    throw new Error('the Kafka broker did not start');
  console.log(
    `bench:kafka: ${options.events.toLocaleString('en-US')} events, ${options.partitions} partitions, ${options.consumers} consumers, embedded SQLite store, Node ${process.version}`,
  );
  const topic = `bench-${Date.now()}`;
  const kafka = new Kafka({ clientId: 'hindsight-bench', brokers: options.brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: options.partitions }] });
  await admin.disconnect();

  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let started = now();
  let batch: Array<{ key: string; value: string }> = [];
  const sends: Array<Promise<unknown>> = [];
  for (const event of syntheticEvents(options.events, { contacts: 100_000, workspaces: 2, inboxesPerWorkspace: 10 })) {
    // Keyed by the event's stream (its call, conversation, session…), as producers key by aggregate so
    // that each one's events stay in order on one partition.
    batch.push({ key: streamIdOf(event as unknown as HindsightEvent), value: JSON.stringify(event) });
    if (batch.length === 500) {
      sends.push(producer.send({ topic, acks: 1, messages: batch }));
      batch = [];
      if (sends.length >= 8) await sends.shift();
    }
  }
  if (batch.length > 0) sends.push(producer.send({ topic, acks: 1, messages: batch }));
  await Promise.all(sends);
  await producer.disconnect();
  const produceMs = now() - started;

  const directory = mkdtempSync(join(tmpdir(), 'hindsight-bench-kafka-'));
  const url = `sqlite:${join(directory, 'hindsight.db')}`;
  const readModels = await openReadModelStore(url);
  // What `serve --kafka` runs: appends and the projection in the write-side threads, the consumer here.
  const writeSide = new WriteSideThreads({
    store: url,
    projectionBatchSize: options.projectionBatchSize,
    sqliteSynchronous: 'FULL',
    readModels,
    logger: createLogger('error'),
  });
  const store = new WriterThreadEventStore(await openEventStore(url), writeSide);
  let consumedAt = 0;
  let projectedAt = 0;
  const ingestion = new KafkaIngestion(new IngestEvents(store), {
    brokers: options.brokers.split(','),
    topics: [topic],
    groupId: `${topic}-group`,
    deadLetterTopic: `${topic}-dlq`,
    logger: createLogger('error'),
    consumers: options.consumers,
  });
  const samples: Array<Record<string, string | number>> = [];
  started = now();
  writeSide.start();
  await ingestion.start();
  try {
    // Progress is polled every 50 ms, so that the end times are not rounded up to the next sample;
    // the lag table keeps one row every 2 s.
    for (let nextSample = 2_000; ;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const stored = await store.headPosition();
      const projected = await writeSide.checkpoint();
      if (stored >= options.events && consumedAt === 0) consumedAt = now() - started;
      const done = projected >= options.events;
      if (now() - started >= nextSample || done) {
        nextSample += 2_000;
        const lag = [...ingestion.lag().values()].reduce((total, value) => total + value, 0);
        samples.push({
          seconds: Math.round((now() - started) / 1000),
          stored: stored,
          projected: projected,
          'kafka lag': options.events - stored,
          'reported partition lag': lag,
          'projection lag': stored - projected,
        });
      }
      if (done) {
        projectedAt = now() - started;
        break;
      }
    }
  } finally {
    await ingestion.stop();
    await writeSide.stop();
  }
  // Up to the moment the last event was queryable: the consumer's shutdown is not part of it.
  const endToEndMs = projectedAt || now() - started;
  printTable('Lag over time', samples);
  printTable('Kafka ingestion', [
    { step: `produce to ${options.partitions} partitions (acks=1)`, 'events/s': perSecond(options.events, produceMs) },
    { step: 'consume → validated → appended (stored)', 'events/s': perSecond(options.events, consumedAt || endToEndMs) },
    { step: 'end to end: produced → queryable history', 'events/s': perSecond(options.events, endToEndMs) },
  ]);
  console.log(`peak RSS: ${peakRss()}`);
  await readModels.close();
  await store.close();
  rmSync(directory, { recursive: true, force: true });
  spawnSync('bash', [script, 'stop', '--clean'], { stdio: 'ignore', timeout: 60_000 });
}
