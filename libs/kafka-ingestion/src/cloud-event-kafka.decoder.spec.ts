import { EVENT_LIMITS } from '@app/events';
import { cloudEvent, VALID_DATA } from '@app/events/testing/event.fixtures';
import { decodeKafkaRecord } from './cloud-event-kafka.decoder';
import type { KafkaRecord } from './kafka-record';

const record = (value: string | null, headers: Record<string, string> = {}): KafkaRecord => ({
  topic: 'calls',
  partition: 0,
  offset: '7',
  key: null,
  value: value === null ? null : Buffer.from(value),
  headers,
});

const binaryHeaders = {
  ce_specversion: '1.0',
  ce_id: 'bin-1',
  ce_source: 'urn:test',
  ce_type: 'session.ended',
  ce_time: '2026-03-01T10:00:00+01:00',
  ce_traceparent: '00-abc',
  'content-type': 'application/json',
};

/** A binary-mode record whose value plus ce_ headers make exactly the limit: its stored form (JSON keys, quotes, datacontenttype) is larger. */
function paddedToLimit(): KafkaRecord {
  const padded = (padding: string) => JSON.stringify({ ...VALID_DATA['session.ended'], padding });
  const headerBytes = Object.entries(binaryHeaders)
    .filter(([name]) => name.startsWith('ce_'))
    .reduce((total, [name, text]) => total + name.length + Buffer.byteLength(text), 0);
  return record(padded('x'.repeat(EVENT_LIMITS.eventBytes - headerBytes - Buffer.byteLength(padded('')))), binaryHeaders);
}

describe('decodeKafkaRecord', () => {
  it('reads a structured-mode event (the CloudEvent as the JSON value)', () => {
    const result = decodeKafkaRecord(record(JSON.stringify(cloudEvent('message.received'))));
    expect(result).toMatchObject({ ok: true, event: { id: 'evt-message.received', type: 'message.received' } });
  });

  it('reads a binary-mode event (attributes in ce_ headers, data in the value)', () => {
    const result = decodeKafkaRecord(record(JSON.stringify(VALID_DATA['session.ended']), binaryHeaders));
    expect(result).toMatchObject({
      ok: true,
      event: {
        id: 'bin-1',
        type: 'session.ended',
        time: '2026-03-01T09:00:00.000Z',
        traceparent: '00-abc',
        data: { sessionId: 'session-1' },
      },
    });
  });

  it('gives binary and structured modes the same stored event', () => {
    const structured = decodeKafkaRecord(
      record(
        JSON.stringify(
          cloudEvent('session.ended', VALID_DATA['session.ended'], {
            id: 'bin-1',
            time: '2026-03-01T10:00:00+01:00',
            traceparent: '00-abc',
          }),
        ),
      ),
    );
    const binary = decodeKafkaRecord(record(JSON.stringify(VALID_DATA['session.ended']), binaryHeaders));
    expect(binary.ok && JSON.stringify(binary.event)).toBe(structured.ok && JSON.stringify(structured.event));
  });

  it.each<[string, KafkaRecord, string, RegExp]>([
    ['a tombstone', record(null), '(message)', /empty message value/],
    ['a value that is not JSON', record('{nope'), '(event)', /not valid JSON/],
    ['binary data that is not JSON', record('{nope', binaryHeaders), 'data', /not valid JSON/],
    [
      'binary data of another content type',
      record('<xml/>', { ...binaryHeaders, 'content-type': 'text/xml' }),
      'content-type',
      /application\/json/,
    ],
    ['an unknown type', record(JSON.stringify({ ...cloudEvent('session.ended'), type: 'call.teleported' })), 'type', /call.teleported/],
    ['binary mode without ce_id', record(JSON.stringify(VALID_DATA['session.ended']), { ...binaryHeaders, ce_id: '' }), 'id', /empty/],
    [
      'binary data over the event size limit',
      record(JSON.stringify({ ...VALID_DATA['session.ended'], padding: 'x'.repeat(EVENT_LIMITS.eventBytes) }), binaryHeaders),
      '(event)',
      /the limit is 4194304/,
    ],
    ['binary data that fits, but not once the attributes are added', paddedToLimit(), '(event)', /once normalised; the limit is 4194304/],
  ])('rejects %s naming the field', (_case, input, field, message) => {
    const result = decodeKafkaRecord(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toContainEqual({ field, message: expect.stringMatching(message) });
  });
});
