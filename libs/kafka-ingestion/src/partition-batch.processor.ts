import type { EventStore } from '@app/event-store';
import type { HindsightEvent } from '@app/events';
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
 * One batch of one partition: every message through the shared parser, the valid ones appended in one
 * transaction, the invalid ones to the dead-letter destination — and only when both are durable does
 * the caller commit `commitOffset`. A crash before the commit re-delivers the batch; event-id dedupe
 * absorbs it. A poison message never blocks the partition.
 */
export class PartitionBatchProcessor {
  constructor(
    private readonly store: EventStore,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  async process(records: readonly KafkaRecord[]): Promise<BatchOutcome> {
    if (records.length === 0) throw new Error('an empty batch has no offset to commit');
    const events: HindsightEvent[] = [];
    const letters: DeadLetter[] = [];
    for (const record of records) {
      const result = decodeKafkaRecord(record);
      if (result.ok) events.push(result.event);
      else letters.push({ record, errors: result.errors });
    }
    const appended = events.length > 0 ? await this.store.append(events) : { appended: 0, duplicates: 0 };
    if (letters.length > 0) await this.deadLetters.publish(letters);
    const last = records[records.length - 1];
    return {
      accepted: appended.appended,
      duplicates: appended.duplicates,
      rejected: letters.length,
      commitOffset: (BigInt(last.offset) + 1n).toString(),
    };
  }
}
