import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { parseEvent, type ParseResult } from '@app/events';
import type { Logger } from '@app/observability';
import { BACKGROUND_PROJECTION, type BackgroundProjection } from '@app/projections';
import { binaryToStructured } from './binary-event';
import type { ContentMode } from './content-mode';
import { HttpIngestError } from './http-ingest.errors';
import { HTTP_INGEST_LIMITS } from './http-ingest.limits';
import { clip, HTTP_INGEST_LOGGER } from './http-ingest.logger';
import type { IngestEventResult, IngestResponse } from './ingest-response';
import { splitJsonArray } from './json-array.splitter';

export interface IngestOutcome {
  /** One event (structured object or binary mode), as opposed to a batch. */
  readonly single: boolean;
  readonly response: IngestResponse;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const MAX_LOGGED_FIELDS = 20;

/**
 * The HTTP ingest use case: the raw body becomes the raw text of each event, each goes through the one
 * parser (`parseEvent`, shared with the CLI and Kafka), and the valid ones are appended in ONE `append`
 * (atomic: all stored or none). Rejected events are reported per index and never block valid ones.
 */
@Injectable()
export class EventsIngestService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(HTTP_INGEST_LOGGER) private readonly logger: Logger,
    // Woken after an append, so the events are queryable in milliseconds rather than after its idle delay.
    @Optional() @Inject(BACKGROUND_PROJECTION) private readonly projection?: BackgroundProjection,
  ) {}

  async ingest(mode: ContentMode, body: Buffer, headers: IncomingHttpHeaders): Promise<IngestOutcome> {
    const { single, raws } = splitEvents(mode, decodeJson(body), headers);
    const parsed = raws.map((raw) => parseEvent(raw));
    const results = await this.append(parsed);
    const response = summarise(results);
    this.logger.info(
      {
        mode,
        bytes: body.byteLength,
        events: results.length,
        accepted: response.accepted,
        duplicates: response.duplicates,
        rejected: response.rejected,
      },
      'http ingest',
    );
    return { single, response };
  }

  private async append(parsed: readonly ParseResult[]): Promise<IngestEventResult[]> {
    parsed.forEach((result, index) => {
      if (!result.ok) this.logRejection(index, result);
    });
    const valid = parsed.flatMap((result) => (result.ok ? [result.event] : []));
    // Nothing to store is not a store call (an all-rejected batch works even with the store down).
    const outcomes = valid.length > 0 ? (await this.store.append(valid)).outcomes : [];
    if (valid.length > 0) this.projection?.wake();
    let next = 0;
    return parsed.map((result, index): IngestEventResult => {
      if (!result.ok) {
        return { index, ...(result.id === undefined ? {} : { id: result.id }), status: 'rejected', errors: result.errors };
      }
      // The store reports outcomes in the order of the events it was given.
      const outcome = outcomes[next++];
      return { index, id: result.event.id, status: outcome.duplicate ? 'duplicate' : 'accepted', position: outcome.position };
    });
  }

  /** The dead-letter record of HTTP: a warning with the id, type and field names, never the values. */
  private logRejection(index: number, result: Extract<ParseResult, { ok: false }>): void {
    const fields = [...new Set(result.errors.map((error) => error.field))].slice(0, MAX_LOGGED_FIELDS).map(clip);
    this.logger.warn({ index, id: clip(result.id), type: clip(result.type), fields }, 'event rejected');
  }
}

/** The body as JSON text, known to be valid JSON, with the shape of its top-level value. */
interface JsonBody {
  readonly text: string;
  /** Elements of a top-level array, or undefined when the body is not an array. */
  readonly arrayLength?: number;
}

function decodeJson(body: Buffer): JsonBody {
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw new HttpIngestError('INVALID_JSON', 'the body is not valid UTF-8 (JSON must be UTF-8)');
  }
  if (text.trim() === '') throw new HttpIngestError('INVALID_JSON', 'the body is empty; send a JSON CloudEvent or a JSON array of them');
  let value: unknown;
  try {
    // Parsed once whole so that "not JSON" is a property of the request, not of one event of it.
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpIngestError('INVALID_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
  return { text, arrayLength: Array.isArray(value) ? value.length : undefined };
}

/** The raw text of each event of the request, in request order. */
function splitEvents(mode: ContentMode, body: JsonBody, headers: IncomingHttpHeaders): { single: boolean; raws: string[] } {
  if (mode === 'binary') return { single: true, raws: [binaryToStructured(headers, body.text)] };
  if (body.arrayLength === undefined) {
    if (mode === 'batch')
      throw new HttpIngestError('INVALID_BATCH', 'an application/cloudevents-batch+json body must be a JSON array of CloudEvents');
    return { single: true, raws: [body.text] };
  }
  if (mode === 'structured') {
    throw new HttpIngestError(
      'INVALID_BATCH',
      'an application/cloudevents+json body is one CloudEvent; send an array as application/cloudevents-batch+json',
    );
  }
  if (body.arrayLength > HTTP_INGEST_LIMITS.batchEvents) {
    throw new HttpIngestError(
      'TOO_MANY_EVENTS',
      `the batch has ${body.arrayLength} events; the limit is ${HTTP_INGEST_LIMITS.batchEvents} per request (split it into several requests)`,
    );
  }
  const raws = splitJsonArray(body.text);
  if (raws.length !== body.arrayLength) throw new Error(`JSON array split into ${raws.length} elements, expected ${body.arrayLength}`);
  return { single: false, raws };
}

function summarise(results: readonly IngestEventResult[]): IngestResponse {
  const count = (status: IngestEventResult['status']) => results.filter((result) => result.status === status).length;
  return { accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results };
}
