import type { EventStore } from '@app/event-store';
import { EVENT_LIMITS, type HindsightEvent, parseEvent } from '@app/events';
import { ndjsonLines } from './ndjson-lines';
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

/**
 * Streams NDJSON CloudEvents into the store: every line goes through the one parser, valid events are
 * appended in batches (one transaction each), bad lines are reported and skipped. While one batch is
 * being appended the next one is parsed, so an async store (PostgreSQL) overlaps I/O with parsing.
 */
export async function ingestNdjson(
  source: AsyncIterable<Buffer | string>,
  store: EventStore,
  options: NdjsonIngestOptions,
): Promise<IngestCounts> {
  const counts: IngestCounts = { accepted: 0, duplicates: 0, rejected: 0, lines: 0 };
  let batch: HindsightEvent[] = [];
  let batchBytes = 0;
  let inFlight: Promise<void> = Promise.resolve();

  const flush = async () => {
    const events = batch;
    batch = [];
    batchBytes = 0;
    await inFlight;
    inFlight = store.append(events).then((result) => {
      counts.accepted += result.appended;
      counts.duplicates += result.duplicates;
      options.onProgress?.(counts);
    });
    // Surface a failure now rather than at the next flush; it is re-thrown by the awaits below.
    inFlight.catch(() => undefined);
  };

  for await (const line of ndjsonLines(source, EVENT_LIMITS.eventBytes)) {
    counts.lines = line.lineNumber;
    if ('oversizedBytes' in line) {
      counts.rejected += 1;
      const message = `event is ${line.oversizedBytes} bytes; the limit is ${EVENT_LIMITS.eventBytes}`;
      await options.onReject({ line: line.lineNumber, errors: [{ field: '(event)', message }] }, undefined);
      continue;
    }
    const result = parseEvent(line.text);
    if (!result.ok) {
      counts.rejected += 1;
      await options.onReject({ line: line.lineNumber, id: result.id, type: result.type, errors: result.errors }, line.text);
      continue;
    }
    batch.push(result.event);
    batchBytes += line.text.length;
    if (batch.length >= options.batchSize || batchBytes >= MAX_BATCH_BYTES) await flush();
  }
  if (batch.length > 0) await flush();
  await inFlight;
  return counts;
}
