import { type Consumer, type EachBatchPayload, Kafka, type KafkaMessage, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { IngestEvents } from '@app/ingestion';
import type { Logger } from '@app/observability';
import { type DeadLetter, deadLetterHeaders, type DeadLetterPublisher } from './dead-letter';
import type { KafkaRecord } from './kafka-record';
import { PartitionBatchProcessor } from './partition-batch.processor';

export interface KafkaIngestionOptions {
  readonly brokers: readonly string[];
  readonly topics: readonly string[];
  readonly groupId: string;
  readonly deadLetterTopic: string;
  readonly clientId?: string;
  /** Partitions processed at once by each consumer; each partition stays sequential, so per-key order is kept. */
  readonly partitionsConcurrency?: number;
  /**
   * Consumers of the group in this process. kafkajs fetches only once a fetch's batches are processed;
   * with two, one fetches while the other's batches are processed.
   */
  readonly consumers?: number;
  /** Partitions of the topics this service creates when they are missing. */
  readonly topicPartitions?: number;
  readonly logger: Logger;
}

const toRecord = (topic: string, partition: number, message: KafkaMessage): KafkaRecord => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key ?? null,
  value: message.value ?? null,
  headers: Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]),
  ),
});

/**
 * Kafka → event store, at least once: offsets are committed only after the batch's events are appended
 * (and its invalid messages dead-lettered), so a crash re-delivers and event-id dedupe absorbs it.
 * kafkajs is confined to this adapter; the batch logic is `PartitionBatchProcessor`, over the ingest use case.
 */
export class KafkaIngestion implements DeadLetterPublisher {
  private readonly kafka: Kafka;
  private readonly consumers: readonly Consumer[];
  private readonly producer: Producer;
  private readonly processor: PartitionBatchProcessor;
  private readonly lags = new Map<string, number>();
  private lagTimer: NodeJS.Timeout | undefined;

  constructor(
    ingest: IngestEvents,
    private readonly options: KafkaIngestionOptions,
  ) {
    const logger = options.logger;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'hindsight',
      brokers: [...options.brokers],
      logLevel: logLevel.WARN,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5_000 },
      // kafkajs levels: 1 error, 2 warn (retriable protocol errors during a broker restart are errors there).
      logCreator: () => (entry) => {
        if (entry.level <= logLevel.ERROR) logger.error({ kafka: entry.namespace }, entry.log.message);
        else logger.warn({ kafka: entry.namespace }, entry.log.message);
      },
    });
    // Bigger fetches make bigger batches: fewer transactions, fsyncs and offset commits per event.
    this.consumers = Array.from({ length: options.consumers ?? 2 }, () =>
      this.kafka.consumer({
        groupId: options.groupId,
        maxBytesPerPartition: 8 * 1024 * 1024,
        maxBytes: 32 * 1024 * 1024,
        retry: { retries: 20, initialRetryTime: 300, maxRetryTime: 5_000 },
      }),
    );
    // The partitioner named (kafkajs's default since 2.0, Java-compatible): unnamed, kafkajs warns at every start.
    this.producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.processor = new PartitionBatchProcessor(ingest, this);
  }

  /** Lag (messages behind the partition's end) per `topic/partition`, as of each partition's last batch. */
  lag(): ReadonlyMap<string, number> {
    return this.lags;
  }

  async start(): Promise<void> {
    await this.ensureTopics();
    await this.producer.connect();
    for (const consumer of this.consumers) {
      await consumer.connect();
      await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConcurrency ?? 4,
        eachBatch: (payload) => this.eachBatch(consumer, payload),
      });
    }
    this.lagTimer = setInterval(() => this.logLag(), 5_000);
    this.lagTimer.unref();
    this.options.logger.info(
      { topics: this.options.topics, groupId: this.options.groupId, deadLetterTopic: this.options.deadLetterTopic },
      'kafka consumer started',
    );
  }

  /**
   * Drains the batch in flight (kafkajs waits for it) and disconnects. Bounded: after a broker restart
   * kafkajs can wait forever on a dead connection; every finished batch is already committed, so giving
   * up loses nothing (an unfinished batch is simply delivered again).
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    // The consumers together: one leaving alone would have its partitions handed to the others.
    await Promise.all(this.consumers.map((consumer) => this.disconnect('consumer', () => consumer.disconnect(), timeoutMs)));
    await this.disconnect('producer', () => this.producer.disconnect(), timeoutMs);
    this.logLag();
  }

  private async disconnect(client: string, disconnect: () => Promise<void>, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      disconnect().then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    if (gaveUp) this.options.logger.warn({ client, timeoutMs }, 'kafka client did not disconnect in time; stopping anyway');
  }

  async publish(letters: readonly DeadLetter[]): Promise<void> {
    await this.producer.send({
      topic: this.options.deadLetterTopic,
      acks: -1,
      messages: letters.map((letter) => ({
        key: letter.record.key,
        value: letter.record.value,
        headers: { ...letter.record.headers, ...deadLetterHeaders(letter) },
      })),
    });
    for (const letter of letters) {
      this.options.logger.warn(
        {
          topic: letter.record.topic,
          partition: letter.record.partition,
          offset: letter.record.offset,
          fields: letter.errors.map((error) => error.field),
        },
        'invalid message sent to the dead-letter topic',
      );
    }
  }

  private async eachBatch(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const records = batch.messages.map((message) => toRecord(batch.topic, batch.partition, message));
    const outcome = await this.processor.process(records);
    payload.resolveOffset(batch.lastOffset());
    await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: outcome.commitOffset }]);
    await payload.heartbeat();
    this.lags.set(`${batch.topic}/${batch.partition}`, Math.max(0, Number(batch.highWatermark) - Number(outcome.commitOffset)));
  }

  /** Creates the subscribed topics and the dead-letter topic when missing. */
  private async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = [...this.options.topics, this.options.deadLetterTopic].filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: this.options.topicPartitions ?? 4, replicationFactor: -1 })),
        });
        this.options.logger.info({ topics: missing }, 'created missing kafka topics');
      }
    } finally {
      await admin.disconnect();
    }
  }

  private logLag(): void {
    if (this.lags.size > 0) this.options.logger.info({ lag: Object.fromEntries(this.lags) }, 'kafka consumer lag');
  }
}
