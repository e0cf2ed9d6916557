import { EVENT_LIMITS, type ParseResult, parseEvent, validateEvent } from '@app/events';
import { headerText, type KafkaRecord } from './kafka-record';

const BINARY_PREFIX = 'ce_';

/**
 * The CloudEvents Kafka protocol binding, both modes, into the one shared parser:
 * - binary mode (a `ce_specversion` header): attributes in `ce_*` headers, `data` in the value;
 * - structured mode (otherwise): the whole CloudEvent as the JSON value.
 * Routing is by the CloudEvents `type`, never by topic.
 */
export function decodeKafkaRecord(record: KafkaRecord): ParseResult {
  if (record.value === null)
    return { ok: false, errors: [{ field: '(message)', message: 'empty message value (a tombstone is not an event)' }] };
  if (headerText(record.headers[`${BINARY_PREFIX}specversion`]) === undefined) return parseEvent(record.value);
  const envelope: Record<string, unknown> = {};
  // The event's size as structured JSON, near enough: the parser measures the exact stored form near the limit.
  let bytes = record.value.byteLength;
  for (const [name, value] of Object.entries(record.headers)) {
    if (!name.startsWith(BINARY_PREFIX)) continue;
    const text = headerText(value);
    envelope[name.slice(BINARY_PREFIX.length)] = text;
    bytes += name.length + (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  }
  if (bytes > EVENT_LIMITS.eventBytes) {
    return { ok: false, errors: [{ field: '(event)', message: `event is ${bytes} bytes; the limit is ${EVENT_LIMITS.eventBytes}` }] };
  }
  const contentType = headerText(record.headers['content-type']);
  if (contentType !== undefined && !/^application\/json\b/i.test(contentType)) {
    return { ok: false, errors: [{ field: 'content-type', message: `binary-mode data must be application/json, got "${contentType}"` }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(record.value.toString('utf8'));
  } catch (error) {
    return { ok: false, errors: [{ field: 'data', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  return validateEvent({ ...envelope, datacontenttype: 'application/json', data }, { bytes });
}
