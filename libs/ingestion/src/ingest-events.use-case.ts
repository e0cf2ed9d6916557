import { type AppendOutcome, type EventStore, EventStoreError } from '@app/event-store';
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
    const stored = batch.events.length > 0 ? await this.appendIsolating(batch.events) : [];
    let next = 0;
    let counts = { accepted: 0, duplicates: 0, rejected: 0 };
    const outcomes = batch.parsed.map((result): EventOutcome => {
      if (!result.ok) {
        counts = { ...counts, rejected: counts.rejected + 1 };
        return {
          status: 'rejected',
          ...(result.id === undefined ? {} : { id: result.id }),
          ...(result.type === undefined ? {} : { type: result.type }),
          errors: result.errors,
        };
      }
      // Outcomes come in the order of the events given to the store.
      const outcome = stored[next++];
      if ('refused' in outcome) {
        counts = { ...counts, rejected: counts.rejected + 1 };
        return {
          status: 'rejected',
          id: result.event.id,
          type: result.event.type,
          errors: [{ field: '(event)', message: outcome.refused }],
        };
      }
      counts = outcome.duplicate ? { ...counts, duplicates: counts.duplicates + 1 } : { ...counts, accepted: counts.accepted + 1 };
      return { status: outcome.duplicate ? 'duplicate' : 'accepted', id: result.event.id, position: outcome.position };
    });
    return { outcomes, ...counts };
  }

  /**
   * One atomic append; if the store refuses the values of some event (`EVENT_NOT_STORABLE`: PostgreSQL
   * and a NUL byte, say, should the parser ever let one through), the halves are appended apart until
   * the refused events are alone. They become rejections and their neighbours are stored: a bad event
   * never costs the valid ones, and a batch is never "retry later" forever for its content.
   */
  private async appendIsolating(events: readonly HindsightEvent[]): Promise<Array<AppendOutcome | { readonly refused: string }>> {
    try {
      return [...(await this.store.append(events)).outcomes];
    } catch (error) {
      if (!(error instanceof EventStoreError) || error.code !== 'EVENT_NOT_STORABLE') throw error;
      if (events.length === 1) return [{ refused: error.message }];
      const half = Math.ceil(events.length / 2);
      return [...(await this.appendIsolating(events.slice(0, half))), ...(await this.appendIsolating(events.slice(half)))];
    }
  }
}
