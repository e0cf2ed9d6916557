/** A Kafka message as the ingestion needs it, independent of the client library. */
export interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offsets are 64-bit: kept as decimal strings. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer | string | undefined>>;
}

export const headerText = (value: Buffer | string | undefined): string | undefined =>
  value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString('utf8') : value;
