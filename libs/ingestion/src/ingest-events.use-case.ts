import type { EventStore } from '@app/event-store';
import { type HindsightEvent, type ParseResult, parseEvent } from '@app/events';
import type { FieldError } from '@app/validation';

/** What became of one input event, in the order the inputs came. */
export type EventOutcome =
  /** Stored at `position`; a duplicate's `position` is where its first copy is. */
  | { readonly status: 'accepted' | 'duplicate'; readonly id: string; readonly position: number }
  /** Not stored, and why, field by field; the id and type when they could be read. */
  | { readonly status: 'rejected'; readonly id?: string; readonly type?: string; readonly errors: readonly FieldError[] };

/** The one result of ingesting a batch, whatever the transport. */
export interface IngestResult {
  readonly outcomes: readonly EventOutcome[];
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}

/** A batch through the parser: what to append, and each input's parse result. */
export interface ParsedBatch {
  readonly parsed: readonly ParseResult[];
  readonly events: readonly HindsightEvent[];
}

/**
 * The ingest use case of every entry point (HTTP, Kafka, CLI): each input through the one parser, the
 * valid events appended in ONE `append` (atomic: all stored or none), an outcome per input. A rejected
 * event never costs a valid one. Transports only frame their inputs (a request body, a Kafka record, an
 * NDJSON line), decide where rejections go, and map the result to their wire.
 */
export class IngestEvents {
  constructor(private readonly store: EventStore) {}

  /** Parses, appends and reports; `decode` turns a transport's input into a parse result (text: `parseEvent`). */
  ingest(inputs: readonly string[]): Promise<IngestResult>;
  ingest<Input>(inputs: readonly Input[], decode: (input: Input) => ParseResult): Promise<IngestResult>;
  ingest(inputs: readonly unknown[], decode: (input: never) => ParseResult = parseEvent): Promise<IngestResult> {
    return this.append(this.parse(inputs as never[], decode));
  }

  /** The parse half, synchronous: a streaming caller parses its next batch while the previous one appends. */
  parse<Input>(inputs: readonly Input[], decode: (input: Input) => ParseResult): ParsedBatch {
    const parsed = inputs.map(decode);
    return { parsed, events: parsed.flatMap((result) => (result.ok ? [result.event] : [])) };
  }

  /** The append half: the batch's valid events in one append, then an outcome per input, in input order. */
  async append(batch: ParsedBatch): Promise<IngestResult> {
    // Nothing to store is not a store call (an all-rejected batch works even with the store down).
    const appended = batch.events.length > 0 ? await this.store.append(batch.events) : undefined;
    const stored = appended?.outcomes ?? [];
    let next = 0;
    let rejected = 0;
    const outcomes = batch.parsed.map((result): EventOutcome => {
      if (!result.ok) {
        rejected += 1;
        return {
          status: 'rejected',
          ...(result.id === undefined ? {} : { id: result.id }),
          ...(result.type === undefined ? {} : { type: result.type }),
          errors: result.errors,
        };
      }
      // The store reports outcomes in the order of the events it was given.
      const outcome = stored[next++];
      return { status: outcome.duplicate ? 'duplicate' : 'accepted', id: result.event.id, position: outcome.position };
    });
    return { outcomes, accepted: appended?.appended ?? 0, duplicates: appended?.duplicates ?? 0, rejected };
  }
}
