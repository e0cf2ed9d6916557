import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { openEventStore } from '@app/event-store';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { HINDSIGHT_PROJECTIONS } from '@app/history';
import { KafkaIngestion } from '@app/kafka-ingestion';
import { createLogger } from '@app/observability';
import { openReadModelStore, ProjectionEngine } from '@app/projections';
import { now, peakRss, perSecond, printTable } from './measure';

export interface KafkaBenchOptions {
  readonly events: number;
  readonly partitions: number;
  readonly brokers: string;
}

/**
 * Produces synthetic events to a multi-partition topic, then runs what `serve --kafka` runs (consumer,
 * event store, projection engine) and times the way to queryable history, sampling the lag.
 */
export async function benchKafka(options: KafkaBenchOptions): Promise<void> {
  const script = join(process.cwd(), 'scripts', 'kafka', 'kafka.sh');
  if (spawnSync('bash', [script, 'start'], { stdio: 'ignore', timeout: 240_000 }).status !== 0) throw new Error('the Kafka broker did not start');
  console.log(`bench:kafka: ${options.events.toLocaleString('en-US')} events, ${options.partitions} partitions, embedded SQLite store, Node ${process.version}`);
  const topic = `bench-${Date.now()}`;
  const kafka = new Kafka({ clientId: 'hindsight-bench', brokers: options.brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: options.partitions }] });
  await admin.disconnect();

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let started = now();
  let batch: Array<{ key: string; value: string }> = [];
  const sends: Array<Promise<unknown>> = [];
  for (const event of syntheticEvents(options.events, { contacts: 100_000, workspaces: 2, inboxesPerWorkspace: 10 })) {
    batch.push({ key: String((event.data as { contact?: { phone?: string } }).contact?.phone ?? event.id), value: JSON.stringify(event) });
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
  const store = await openEventStore(url);
  const readModels = await openReadModelStore(url);
  const engine = new ProjectionEngine(store, readModels, HINDSIGHT_PROJECTIONS, { batchSize: 2000 });
  let consumedAt = 0;
  const ingestion = new KafkaIngestion(store, {
    brokers: options.brokers.split(','),
    topics: [topic],
    groupId: `${topic}-group`,
    deadLetterTopic: `${topic}-dlq`,
    logger: createLogger('error'),
    onBatch: () => engine.wake(),
  });
  const samples: Array<Record<string, string | number>> = [];
  started = now();
  await ingestion.start();
  engine.start();
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const stored = await store.headPosition();
      const projected = await engine.checkpoint();
      if (stored >= options.events && consumedAt === 0) consumedAt = now() - started;
      const lag = [...ingestion.lag().values()].reduce((total, value) => total + value, 0);
      samples.push({ 'seconds': Math.round((now() - started) / 1000), 'stored': stored, 'projected': projected, 'kafka lag': options.events - stored, 'reported partition lag': lag, 'projection lag': stored - projected });
      if (projected >= options.events) break;
    }
  } finally {
    await ingestion.stop();
    await engine.stop();
  }
  const endToEndMs = now() - started;
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
