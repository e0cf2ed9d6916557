import { EVENT_LIMITS, type HindsightEvent, type ParseResult, parseEvent } from '@app/events';
import type { IngestEvents, ParsedBatch } from './ingest-events.use-case';
import { type NdjsonLine, ndjsonLines } from './ndjson-lines';
import type { Rejection } from './rejection';

export interface IngestCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
  lines: number;
}

export interface NdjsonIngestOptions {
  readonly batchSize: number;
  /** Called for each bad line with its raw text (undefined when oversized), in line order. */
  readonly onReject: (rejection: Rejection, raw: string | undefined) => void | Promise<void>;
  /** Called after every stored batch. */
  readonly onProgress?: (counts: Readonly<IngestCounts>) => void;
}

/** Bounds the bytes of one batch too, so huge transcripts do not make a batch huge. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** A line too long to hold is rejected unread; the others go through the shared parser. */
function parseLine(line: NdjsonLine): ParseResult {
  if ('oversizedBytes' in line) {
    return {
      ok: false,
      errors: [{ field: '(event)', message: `event is ${line.oversizedBytes} bytes; the limit is ${EVENT_LIMITS.eventBytes}` }],
    };
  }
  return parseEvent(line.text);
}

/**
 * Streams NDJSON CloudEvents into the store through the ingest use case's append: every line goes through
 * the one parser as it is read (a bad line is reported at once and skipped), and the valid events are
 * appended in batches of `batchSize` events (one append, one transaction each). While one batch is being
 * appended the next one is read and parsed, so an async store (PostgreSQL) overlaps I/O with parsing;
 * batches still append one after the other, in file order.
 */
export async function ingestNdjson(
  source: AsyncIterable<Buffer | string>,
  ingest: IngestEvents,
  options: NdjsonIngestOptions,
): Promise<IngestCounts> {
  const counts: IngestCounts = { accepted: 0, duplicates: 0, rejected: 0, lines: 0 };
  // The parse results of the valid lines so far, and their events: the next append's batch.
  let valid: ParseResult[] = [];
  let events: HindsightEvent[] = [];
  let batchBytes = 0;
  let inFlight: Promise<void> = Promise.resolve();

  const flush = async () => {
    const parsed: ParsedBatch = { parsed: valid, events };
    valid = [];
    events = [];
    batchBytes = 0;
    await inFlight;
    inFlight = ingest.append(parsed).then((result) => {
      counts.accepted += result.accepted;
      counts.duplicates += result.duplicates;
      options.onProgress?.(counts);
    });
    // Surface a failure now rather than at the next flush; it is re-thrown by the awaits below.
    inFlight.catch(() => undefined);
  };

  for await (const line of ndjsonLines(source, EVENT_LIMITS.eventBytes)) {
    counts.lines = line.lineNumber;
    const result = parseLine(line);
    if (!result.ok) {
      counts.rejected += 1;
      const raw = 'text' in line ? line.text : undefined;
      await options.onReject({ line: line.lineNumber, id: result.id, type: result.type, errors: result.errors }, raw);
      continue;
    }
    valid.push(result);
    events.push(result.event);
    batchBytes += 'text' in line ? line.text.length : 0;
    if (events.length >= options.batchSize || batchBytes >= MAX_BATCH_BYTES) await flush();
  }
  if (events.length > 0) await flush();
  await inFlight;
  return counts;
}
