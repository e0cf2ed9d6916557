import fc from 'fast-check';
import { EVENT_LIMITS, parseEvent } from '@app/events';
import { decodeKafkaRecord, type KafkaRecord } from '@app/kafka-ingestion';
import { anyEventModel, anyEventText, type EventModel, paddedEvent, validEventModel, eventType } from './support/event-arbitraries';
import { acceptedEventProblem, parseResultProblem } from './support/fuzz-checks';
import { fuzzParameters, fuzzTimeout } from './support/fuzz-parameters';
import { clip, isJsonObject, type JsonModel, objectOf, toJsonText } from './support/json-model';

/**
 * The CloudEvents Kafka binding (`decodeKafkaRecord`, what the partition batch processor hands every
 * record to) under fuzzed records (issue 11): structured values, binary mode with fuzzed `ce_*` headers
 * (strings and raw bytes), content types, tombstones and random bytes. It never throws and always gives
 * a parse result; what it accepts fits the event limits, like what `parseEvent` accepts; binary and
 * structured mode give the same event. Unit-level: no broker.
 */

interface FuzzRecord {
  readonly label: string;
  readonly record: KafkaRecord;
}

const withToString = (fuzzRecord: FuzzRecord): FuzzRecord =>
  Object.defineProperty(fuzzRecord, fc.toStringMethod, {
    value: () => {
      const headers = Object.entries(fuzzRecord.record.headers).map(([name, value]) => [
        name,
        value === undefined ? 'undefined' : Buffer.isBuffer(value) ? `bytes ${value.toString('hex').slice(0, 40)}` : clip(value, 60),
      ]);
      const value = fuzzRecord.record.value;
      return `[${fuzzRecord.label}] headers ${JSON.stringify(headers)} value ${value === null ? 'null' : `${value.length} bytes ${clip(JSON.stringify(value.toString('utf8')), 500)}`}`;
    },
    enumerable: false,
  });

const record = (headers: KafkaRecord['headers'], value: Buffer | null): KafkaRecord => ({
  topic: 'calls',
  partition: 0,
  offset: '42',
  key: null,
  value,
  headers,
});

const headerValue: fc.Arbitrary<Buffer | string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('1.0', '', '\u0000', '\ud800', '😀', 'x'.repeat(5_000), 'application/json', '%00', 'ws-1') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 20 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const headerName = fc.oneof(
  fc.constantFrom(
    'ce_specversion',
    'ce_id',
    'ce_source',
    'ce_type',
    'ce_time',
    'ce_data',
    'ce_datacontenttype',
    'ce___proto__',
    'ce_constructor',
    'ce_prototype',
    'ce_',
    'ce_ID',
    'content-type',
    'Content-Type',
    'traceparent',
  ),
  fc.stringMatching(/^ce_[a-z0-9_]{1,24}$/),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/JSON',
  'text/plain',
  'application/cloudevents+json',
  '',
  'application/jsonx',
];

/** An event model's attributes as `ce_*` headers (strings, or their UTF-8 bytes), its data as the value. */
function binaryRecord(
  event: EventModel,
  asBytes: boolean,
  contentType: string | undefined,
  extra: ReadonlyArray<readonly [string, Buffer | string | undefined]>,
): FuzzRecord {
  const headers: Record<string, Buffer | string | undefined> = {};
  let data: JsonModel | undefined;
  for (const [key, value] of Object.entries(event.model)) {
    if (key === 'data') data = value;
    else {
      const text = typeof value === 'string' ? value : toJsonText(value);
      Object.defineProperty(headers, `ce_${key}`, {
        value: asBytes ? Buffer.from(text, 'utf8') : text,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  for (const [name, value] of extra) Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  if (contentType !== undefined) headers['content-type'] = contentType;
  const dataLabel = data === undefined ? 'no data' : isJsonObject(data) ? 'data' : `data ${clip(toJsonText(data), 40)}`;
  return withToString({
    label: `binary ${event.kind} ${event.type} [${event.label}], ${dataLabel}, content-type ${contentType ?? 'none'}, extra ${extra.map(([name]) => name).join(',')}`,
    record: record(headers, data === undefined ? null : Buffer.from(toJsonText(data), 'utf8')),
  });
}

const binary: fc.Arbitrary<FuzzRecord> = fc
  .tuple(
    anyEventModel,
    fc.boolean(),
    fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
    fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }),
  )
  .map(([event, asBytes, contentType, extra]) => binaryRecord(event, asBytes, contentType, extra));

const structured: fc.Arbitrary<FuzzRecord> = fc
  .tuple(
    anyEventText,
    fc.array(
      fc.tuple(
        headerName.filter((name) => name !== 'ce_specversion'),
        headerValue,
      ),
      { maxLength: 2 },
    ),
  )
  .map(([event, extra]) =>
    withToString({
      label: `structured ${event.kind} ${event.type ?? ''} [${event.label}]`,
      record: record(Object.fromEntries(extra), Buffer.from(event.text, 'utf8')),
    }),
  );

const noise: fc.Arbitrary<FuzzRecord> = fc
  .tuple(fc.option(fc.uint8Array({ maxLength: 200 }), { nil: null }), fc.dictionary(headerName, headerValue, { maxKeys: 4 }))
  .map(([value, headers]) => withToString({ label: 'random', record: record(headers, value === null ? null : Buffer.from(value)) }));

const anyRecord: fc.Arbitrary<FuzzRecord> = fc.oneof(
  { weight: 4, arbitrary: binary },
  { weight: 3, arbitrary: structured },
  { weight: 1, arbitrary: noise },
);

/** Top-level keys the decoded input had: the value's (structured) or the `ce_*` attributes and `data` (binary). */
function inputKeys({ record: { headers, value } }: FuzzRecord): string[] {
  const attributes = Object.keys(headers)
    .filter((name) => name.startsWith('ce_'))
    .map((name) => name.slice(3));
  let keys: string[] = [];
  try {
    const decoded: unknown = JSON.parse(value?.toString('utf8') ?? 'null');
    if (typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)) keys = Object.keys(decoded);
  } catch {
    // Not JSON: no keys.
  }
  return [...attributes, ...keys, 'data'];
}

const RUNS = { any: 400, padded: 6, equivalent: 200 };

describe('decodeKafkaRecord under fuzzed records (fast-check)', () => {
  it(
    'never throws, and gives ok with an event or a non-empty list of field errors naming paths',
    () => {
      fc.assert(
        fc.property(anyRecord, (fuzzRecord) => {
          const problem = parseResultProblem(decodeKafkaRecord(fuzzRecord.record), inputKeys(fuzzRecord), ['content-type']);
          if (problem) throw new Error(problem);
        }),
        fuzzParameters(RUNS.any),
      );
    },
    fuzzTimeout(RUNS.any, 30),
  );

  it(
    'accepts only what fits the event limits: JSON within the byte limit, at most 32 levels deep',
    () => {
      fc.assert(
        fc.property(anyRecord, (fuzzRecord) => {
          const result = decodeKafkaRecord(fuzzRecord.record);
          const problem = result.ok ? acceptedEventProblem(result.event) : undefined;
          if (problem) throw new Error(problem);
        }),
        fuzzParameters(RUNS.any),
      );
    },
    fuzzTimeout(RUNS.any, 30),
  );

  it(
    'in binary mode too, refuses an event over the byte limit (the data alone over 4 MiB)',
    () => {
      fc.assert(
        fc.property(fc.limitShrink(paddedEvent, 5), fc.integer({ min: 1024, max: 4096 }), (padded, extra) => {
          const event = JSON.parse(padded.text) as Record<string, unknown>;
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          for (const [key, value] of Object.entries(event)) if (key !== 'data') headers[`ce_${key}`] = String(value);
          const data = JSON.stringify(event.data);
          // The data alone is over the limit (the padded event was near it, the attributes aside).
          const value = Buffer.from(`${data.slice(0, -1)},"x_more":"${'m'.repeat(extra)}"}`, 'utf8');
          const result = decodeKafkaRecord(record(headers, value));
          const problem = result.ok ? acceptedEventProblem(result.event) : undefined;
          if (problem) throw new Error(`${problem} (the value alone is ${value.length} bytes; the limit is ${EVENT_LIMITS.eventBytes})`);
        }),
        fuzzParameters(RUNS.padded),
      );
    },
    fuzzTimeout(RUNS.padded, 1_000),
  );

  it(
    'gives a valid event the same result in binary and structured mode',
    () => {
      // Binary mode carries attributes as strings: extensions of other types are left out of this property.
      const stringAttributes = eventType.chain((type) =>
        validEventModel(type).map((generated) => {
          const model = objectOf(Object.entries(generated).filter(([key, value]) => key === 'data' || typeof value === 'string'));
          return { kind: 'valid' as const, type, label: 'valid', model };
        }),
      );
      fc.assert(
        fc.property(stringAttributes, fc.boolean(), (event, asBytes) => {
          const fromBinary = decodeKafkaRecord(binaryRecord(event, asBytes, 'application/json', []).record);
          const fromStructured = parseEvent(toJsonText(event.model));
          expect(fromBinary).toEqual(fromStructured);
          expect(fromBinary.ok).toBe(true);
        }),
        fuzzParameters(RUNS.equivalent),
      );
    },
    fuzzTimeout(RUNS.equivalent, 30),
  );
});
