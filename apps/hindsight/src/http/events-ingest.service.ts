import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { AuthError, type Principal } from '@app/auth';
import { type ParseResult, parseDecodedEvent, parseEvent } from '@app/events';
import { type EventOutcome, IngestEvents } from '@app/ingestion';
import type { Logger } from '@app/observability';
import { binaryToStructured } from './binary-event';
import type { ContentMode } from './content-mode';
import { HttpIngestError } from './http-ingest.errors';
import { HTTP_INGEST_LIMITS } from './http-ingest.limits';
import { clip, HTTP_INGEST_LOGGER } from './http-ingest.logger';
import { writableBy } from './ingest-workspace.rule';
import type { IngestEventResult, IngestResponse } from './ingest-response';
import { splitJsonArray } from './json-array.splitter';

interface IngestOutcome {
  /** One event (structured object or binary mode), as opposed to a batch. */
  readonly single: boolean;
  readonly response: IngestResponse;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const MAX_LOGGED_FIELDS = 20;

/**
 * The HTTP transport of the ingest use case: the raw body becomes the raw text of each event (one
 * CloudEvent, a JSON array, or binary mode), the use case parses and appends them (all valid ones in one
 * atomic append), and each outcome is reported by its index in the request.
 */
@Injectable()
export class EventsIngestService {
  constructor(
    private readonly ingestEvents: IngestEvents,
    @Inject(HTTP_INGEST_LOGGER) private readonly logger: Logger,
  ) {}

  /** `writer`: the verified service token, whose workspace restriction applies to each event; none without a key. */
  async ingest(mode: ContentMode, body: Buffer, headers: IncomingHttpHeaders, writer?: Principal): Promise<IngestOutcome> {
    const { single, raws, values } = splitEvents(mode, decodeJson(body), headers);
    // The events the body's JSON already holds are validated as decoded, not parsed again from their text.
    const checked = raws.map((raw, index) =>
      writableBy(writer, values === undefined ? parseEvent(raw) : parseDecodedEvent(values[index], Buffer.byteLength(raw, 'utf8'))),
    );
    // A single event is the whole request: refused as such, like a missing scope.
    if (single && checked[0].denial !== undefined) throw new AuthError('WORKSPACE_FORBIDDEN', checked[0].denial);
    const batch = this.ingestEvents.parse(checked, (event) => event.result);
    // Before the append: a rejection is recorded even when the store then fails the request (503).
    batch.parsed.forEach((result, index) => {
      if (!result.ok) this.logRejection(index, result);
    });
    const result = await this.ingestEvents.append(batch);
    const response: IngestResponse = {
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: result.rejected,
      results: result.outcomes.map(toEventResult),
    };
    this.logger.info(
      {
        mode,
        bytes: body.byteLength,
        events: raws.length,
        accepted: response.accepted,
        duplicates: response.duplicates,
        rejected: response.rejected,
      },
      'http ingest',
    );
    return { single, response };
  }

  /** The dead-letter record of HTTP: a warning with the id, type and field names, never the values. */
  private logRejection(index: number, rejection: Extract<ParseResult, { ok: false }>): void {
    const fields = [...new Set(rejection.errors.map((error) => error.field))].slice(0, MAX_LOGGED_FIELDS).map(clip);
    this.logger.warn({ index, id: clip(rejection.id), type: clip(rejection.type), fields }, 'event rejected');
  }
}

/** An outcome on the wire of `POST /v1/events`, by its index in the request. */
function toEventResult(outcome: EventOutcome, index: number): IngestEventResult {
  if (outcome.status === 'rejected') {
    return { index, ...(outcome.id === undefined ? {} : { id: outcome.id }), status: 'rejected', errors: outcome.errors };
  }
  return { index, id: outcome.id, status: outcome.status, position: outcome.position };
}

/** The body as JSON text, known to be valid JSON, and its value. */
interface JsonBody {
  readonly text: string;
  readonly value: unknown;
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
  return { text, value };
}

/**
 * The raw text of each event of the request, in request order, and its decoded value when the body's
 * JSON holds it (structured and batch modes; binary mode builds the event from headers and body).
 */
function splitEvents(
  mode: ContentMode,
  body: JsonBody,
  headers: IncomingHttpHeaders,
): { single: boolean; raws: string[]; values?: readonly unknown[] } {
  if (mode === 'binary') return { single: true, raws: [binaryToStructured(headers, body.text)] };
  if (!Array.isArray(body.value)) {
    if (mode === 'batch')
      throw new HttpIngestError('INVALID_BATCH', 'an application/cloudevents-batch+json body must be a JSON array of CloudEvents');
    return { single: true, raws: [body.text], values: [body.value] };
  }
  const elements: readonly unknown[] = body.value;
  if (mode === 'structured') {
    throw new HttpIngestError(
      'INVALID_BATCH',
      'an application/cloudevents+json body is one CloudEvent; send an array as application/cloudevents-batch+json',
    );
  }
  if (elements.length > HTTP_INGEST_LIMITS.batchEvents) {
    throw new HttpIngestError(
      'TOO_MANY_EVENTS',
      `the batch has ${elements.length} events; the limit is ${HTTP_INGEST_LIMITS.batchEvents} per request (split it into several requests)`,
    );
  }
  const raws = splitJsonArray(body.text);
  if (raws.length !== elements.length) throw new Error(`JSON array split into ${raws.length} elements, expected ${elements.length}`);
  return { single: false, raws, values: elements };
}
