import type { FieldError } from '@app/validation';
import type { KafkaRecord } from './kafka-record';

/** An invalid message, kept byte for byte with why it was refused and where it came from. */
export interface DeadLetter {
  readonly record: KafkaRecord;
  readonly errors: readonly FieldError[];
}

export interface DeadLetterPublisher {
  /** Resolves once the dead letters are durably on the dead-letter destination. */
  publish(letters: readonly DeadLetter[]): Promise<void>;
}

/** Headers added to a dead letter (the original headers are kept too). */
export function deadLetterHeaders(letter: DeadLetter): Record<string, string> {
  return {
    hindsight_error: JSON.stringify(letter.errors),
    hindsight_source_topic: letter.record.topic,
    hindsight_source_partition: String(letter.record.partition),
    hindsight_source_offset: letter.record.offset,
  };
}
