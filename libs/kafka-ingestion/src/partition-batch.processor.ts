import type { IngestEvents } from '@app/ingestion';
import { decodeKafkaRecord } from './cloud-event-kafka.decoder';
import type { DeadLetter, DeadLetterPublisher } from './dead-letter';
import type { KafkaRecord } from './kafka-record';

export interface BatchOutcome {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** The offset to commit: the last processed offset + 1. */
  readonly commitOffset: string;
}

/**
 * One batch of one partition through the ingest use case (every message decoded by the CloudEvents
 * Kafka binding into the shared parser, the valid ones appended in one transaction), the invalid ones to
 * the dead-letter destination — and only when both are durable does the caller commit `commitOffset`.
 * A crash before the commit re-delivers the batch; event-id dedupe absorbs it. A poison message never
 * blocks the partition.
 */
export class PartitionBatchProcessor {
  constructor(
    private readonly ingest: IngestEvents,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  async process(records: readonly KafkaRecord[]): Promise<BatchOutcome> {
    if (records.length === 0) throw new Error('an empty batch has no offset to commit');
    const result = await this.ingest.ingest(records, decodeKafkaRecord);
    const letters: DeadLetter[] = result.outcomes.flatMap((outcome, index) =>
      outcome.status === 'rejected' ? [{ record: records[index], errors: outcome.errors }] : [],
    );
    if (letters.length > 0) await this.deadLetters.publish(letters);
    const last = records[records.length - 1];
    return {
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: result.rejected,
      commitOffset: (BigInt(last.offset) + 1n).toString(),
    };
  }
}
