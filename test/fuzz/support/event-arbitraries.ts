import fc from 'fast-check';
import { EVENT_LIMITS, EVENT_TYPES, type EventType } from '@app/events';
import {
  clip,
  cloneModel,
  describeModel,
  isJsonObject,
  type JsonModel,
  type JsonObject,
  objectOf,
  RawJson,
  setOwn,
  toJsonText,
} from './json-model';

/**
 * Catalogue-shaped CloudEvents for the fuzz and property suites (see ../../../../shared/SPEC.md, the
 * event catalogue, and libs/events/src/data/*.ts):
 * - `validEvent`: for every type, events the parser must accept (pooled ids so that calls, transcripts
 *   and summaries meet in the projections; odd but legal identifiers, names and texts; every timestamp
 *   and phone format the parser normalises; extension attributes and unknown `data` fields);
 * - `corruptedEvent`: a valid event damaged the hostile way, mostly once, up to 3 times: a field of any
 *   depth replaced by a wrong type, a huge or NaN-like number (`1e400`), a string with NUL, a lone
 *   surrogate, an emoji or over its limit; arrays where objects are expected and the other way round
 *   (`[[]]`, `[{}, []]`, `[segment, []]`); nesting 31 to 100,000 levels deep in known and unknown fields;
 *   containers of thousands of items; `__proto__` / `constructor` / `prototype` and other unknown keys at
 *   every level; missing fields. The types with the most structure are corrupted more often;
 * - `paddedEvent` (an event at the byte limit), `duplicateKeyEvent`;
 * - `garbageText` / `anyEventBytes`: anything at all.
 * Each is a `FuzzCase`: its JSON text and a label saying what was done, printed in counterexamples.
 */
export interface FuzzCase {
  readonly kind: 'valid' | 'corrupted' | 'garbage';
  readonly type?: EventType;
  /** What was done to the event (`data.segments[1] := []`), for the report. */
  readonly label: string;
  /** The event as JSON text (for `garbage`, any text). */
  readonly text: string;
}

/** How a case is shown by fast-check: its kind, label, size and the start of its text, escapes visible. */
const withToString = (fuzzCase: FuzzCase): FuzzCase =>
  Object.defineProperty(fuzzCase, fc.toStringMethod, {
    value: () =>
      `${fuzzCase.kind} ${fuzzCase.type ?? ''} [${fuzzCase.label}] ${Buffer.byteLength(fuzzCase.text)} bytes: ${clip(JSON.stringify(fuzzCase.text), 700)}`,
    enumerable: false,
  });

export const makeCase = (fuzzCase: FuzzCase): FuzzCase => withToString(fuzzCase);

// ---------------------------------------------------------------------------------------------------
// Valid events

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];
const ENVELOPE = ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'subject', 'dataschema', 'data'];

/** A string every store can hold and no rule refuses: no NUL, no unpaired surrogate. */
export const isCleanString = (value: string): boolean => !value.includes('\u0000') && value.isWellFormed();

const clean = (arbitrary: fc.Arbitrary<string>) => arbitrary.filter(isCleanString);

const pooled = (prefix: string, size: number) => fc.integer({ min: 1, max: size }).map((index) => `${prefix}-${index}`);

/** Identifiers: mostly from small pools (so that events meet), sometimes any legal string up to the limit. */
const identifier = (prefix: string, size = 3): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: pooled(prefix, size) },
    {
      weight: 1,
      arbitrary: clean(
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
          fc.constantFrom(
            'a'.repeat(EVENT_LIMITS.identifierLength),
            '😀'.repeat(EVENT_LIMITS.identifierLength / 2),
            ' ',
            'id with spaces',
            "'; DROP TABLE events; --",
            '../../etc/passwd',
            '%00',
            '\\u0000',
            'null',
            'ü',
          ),
        ),
      ).filter((value) => value.length >= 1 && value.length <= EVENT_LIMITS.identifierLength),
    },
  );

const name: fc.Arbitrary<string> = clean(
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'Zoë Ünïcödé 名前 😀', 'x'.repeat(EVENT_LIMITS.nameLength)) },
  ),
).filter((value) => value.length <= EVENT_LIMITS.nameLength);

/** A text of at most `limit` UTF-8 bytes, sometimes exactly at it. */
const text = (limit: number = EVENT_LIMITS.textBytes): fc.Arbitrary<string> =>
  clean(
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 1, arbitrary: fc.constantFrom('', '   ', 'line\nbreak\ttab\r\n', 'é'.repeat(Math.min(limit, EVENT_LIMITS.textBytes) / 2)) },
    ),
  ).filter((value) => Buffer.byteLength(value) <= limit);

const PHONES = [
  '+33612345678',
  '+33 6 12 34 56 78',
  '0033612345678',
  ' +33612345678 ',
  '+1 (415) 555-2671',
  '+1-202-555-0100',
  '+44 20 7946 0958',
  '+81 3-1234-5678',
  '+49 30 123456',
  '+86 138 0013 8000',
  '+971 50 123 4567',
];
const phone = fc.constantFrom(...PHONES);
const email = fc.constantFrom('alice@example.com', 'Bob.Smith@Example.COM', ' carol+tag@example.org ', 'zoë@exämple.fr');
const language = fc.constantFrom('fr-FR', 'en', 'en-us', 'EN-GB', 'de', 'zh-Hant-TW', 'pt-BR', 'es-419', 'sr-Latn');

/** Whole seconds: every style below then writes the same instant (`seconds` drops milliseconds). */
const instant = fc.integer({ min: Date.UTC(2024, 0, 1) / 1000, max: Date.UTC(2026, 11, 31) / 1000 }).map((seconds) => seconds * 1000);
const TIMESTAMP_STYLES = ['iso', 'seconds', 'offset', 'lower-z', 'space', 'nanos'] as const;
type TimestampStyle = (typeof TIMESTAMP_STYLES)[number];
const timestampStyle = fc.constantFrom(...TIMESTAMP_STYLES);
const offsetMinutes = fc.constantFrom(0, 60, 120, -300, 330, 345, -720, 840);

/** An instant written the ways RFC 3339 allows (the parser normalises each to UTC with milliseconds). */
export function formatTimestamp(milliseconds: number, style: TimestampStyle, offset: number): string {
  const iso = new Date(milliseconds).toISOString();
  switch (style) {
    case 'iso':
      return iso;
    case 'seconds':
      return `${iso.slice(0, 19)}Z`;
    case 'lower-z':
      return `${iso.slice(0, 19)}z`;
    case 'space':
      return `${iso.slice(0, 10)} ${iso.slice(11)}`;
    case 'nanos':
      return `${iso.slice(0, 23)}456789Z`;
    case 'offset': {
      const local = new Date(milliseconds + offset * 60_000).toISOString().slice(0, 23);
      const sign = offset < 0 ? '-' : '+';
      const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
      const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
      return `${local}${sign}${hours}:${minutes}`;
    }
  }
}

const timestampAt = (milliseconds: fc.Arbitrary<number>) =>
  fc.tuple(milliseconds, timestampStyle, offsetMinutes).map(([at, style, offset]) => formatTimestamp(at, style, offset));
const timestamp = timestampAt(instant);

/** Drops the keys whose value is undefined (optional fields left out). */
const compact = (record: Record<string, JsonModel | undefined>): JsonObject =>
  objectOf(Object.entries(record).flatMap(([key, value]) => (value === undefined ? [] : [[key, value] as const])));

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined, freq: 2 });

const workspaceId = identifier('ws', 2);

const contact: fc.Arbitrary<JsonObject> = fc
  .record({
    contactId: optional(identifier('contact', 3)),
    phone: optional(phone),
    email: optional(email),
    name: optional(name),
  })
  .map((record) => compact(record.contactId || record.phone || record.email ? record : { ...record, contactId: 'contact-1' }));

const userRef = fc.record({ id: identifier('user', 3), name });
const author = fc
  .record({ kind: optional(fc.constantFrom('contact', 'user', 'ai_agent')), id: optional(identifier('user', 3)), name: optional(name) })
  .map(compact);

/** Fields no class declares: kept by the parser, so they must survive storing and folding. */
const unknownFields: fc.Arbitrary<JsonObject> = fc
  .dictionary(
    fc.string({ maxLength: 8 }).map((key) => `x_${key}`),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as JsonModel),
    { maxKeys: 2 },
  )
  .map((fields) => objectOf(Object.entries(fields)));

const DATA: Record<EventType, fc.Arbitrary<Record<string, JsonModel | undefined>>> = {
  'call.completed': fc
    .record({
      callId: identifier('call'),
      conversationId: identifier('conv'),
      inboxId: identifier('inbox', 2),
      contact,
      direction: fc.constantFrom('inbound', 'outbound'),
      status: fc.constantFrom('answered', 'missed', 'abandoned', 'voicemail'),
      start: instant,
      answeredAfter: optional(fc.integer({ min: 0, max: 600 }).map((seconds) => seconds * 1000)),
      endedAfter: fc.integer({ min: 0, max: 7_200 }).map((seconds) => seconds * 1000),
      styles: fc.tuple(timestampStyle, timestampStyle, timestampStyle, offsetMinutes),
      handledBy: optional(
        fc.record({ kind: fc.constantFrom('user', 'ai_agent'), id: identifier('user', 3), name: optional(name) }).map(compact),
      ),
      queueId: optional(identifier('queue', 2)),
    })
    .map(({ start, answeredAfter, endedAfter, styles: [started, answered, ended, offset], ...call }) => ({
      ...call,
      startedAt: formatTimestamp(start, started, offset),
      answeredAt: answeredAfter === undefined ? undefined : formatTimestamp(start + Math.min(answeredAfter, endedAfter), answered, offset),
      endedAt: formatTimestamp(start + endedAfter, ended, offset),
    })),
  'call.transcript.completed': fc.record({
    callId: identifier('call'),
    language,
    segments: fc.array(fc.record({ speaker: fc.constantFrom('contact', 'user', 'ai_agent'), text: text(16 * 1024), offsetMs: fc.nat() }), {
      maxLength: 6,
    }),
  }),
  'call.summary.completed': fc.record({
    callId: identifier('call'),
    summary: text(),
    nextSteps: fc.array(text(), { maxLength: 3 }),
    jobs: optional(
      fc.array(
        fc
          .record({
            jobId: identifier('job'),
            name,
            outcome: identifier('outcome'),
            collected: optional(
              fc
                .dictionary(
                  clean(fc.string({ maxLength: 12 })).filter((key) => !FORBIDDEN_KEYS.includes(key)),
                  fc.oneof(text(1024), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
                  { maxKeys: 4 },
                )
                .map((fields) => objectOf(Object.entries(fields))),
            ),
          })
          .map(compact),
        { maxLength: 3 },
      ),
    ),
  }),
  'message.received': message(),
  'message.sent': message(),
  'voicemail.completed': fc.record({
    voicemailId: identifier('vm'),
    callId: optional(identifier('call')),
    inboxId: identifier('inbox', 2),
    contact,
    recordedAt: timestamp,
    durationSec: fc.oneof(fc.integer({ min: 0, max: 86_400 }), fc.double({ min: 0, max: 86_400, noNaN: true })),
    transcript: optional(fc.record({ language, text: text(16 * 1024) })),
  }),
  'conversation.wrapup.assigned': fc.record({
    conversationId: identifier('conv'),
    sessionId: optional(identifier('session')),
    code: identifier('code'),
    label: optional(name),
    assignedBy: userRef,
    notes: optional(text()),
  }),
  'conversation.note.added': fc.record({ conversationId: identifier('conv'), author, body: text() }),
  'conversation.comment.added': fc.record({ conversationId: identifier('conv'), author, body: text() }),
  'conversation.reaction.added': fc.record({ conversationId: identifier('conv'), author, emoji: identifier('emoji') }),
  'conversation.tag.added': fc.record({ conversationId: identifier('conv'), author, tag: identifier('tag') }),
  'session.routed': fc.record({
    sessionId: identifier('session'),
    conversationId: identifier('conv'),
    inboxId: optional(identifier('inbox', 2)),
    channel: fc.constantFrom('call', 'webchat', 'webmessaging'),
    direction: fc.constantFrom('inbound', 'outbound'),
    queueId: identifier('queue', 2),
    queueName: optional(name),
    contact,
  }),
  'session.connected': fc.record({ sessionId: identifier('session'), agent: userRef }),
  'session.ended': fc.record({ sessionId: identifier('session'), endedBy: fc.constantFrom('agent', 'customer') }),
  'contact.identified': fc.record({
    contactId: identifier('contact'),
    phone: optional(phone),
    email: optional(email),
    name: optional(name),
  }),
  'inbox.configured': fc.record({ inboxId: identifier('inbox', 2), name, phoneNumber: phone, language, historyEnabled: fc.boolean() }),
  'workspace.configured': fc.record({ insightsEnabled: fc.boolean() }),
  'user.configured': fc.record({
    userId: identifier('user'),
    name,
    licenses: fc.array(identifier('license', 2), { maxLength: 3 }),
    inboxIds: fc.array(identifier('inbox', 2), { maxLength: 3 }),
    role: fc.constantFrom('agent', 'admin'),
  }),
  'contact.insights.generated': fc
    .record({
      contactKey: identifier('tel:+3361234567', 3),
      phones: fc.array(phone, { maxLength: 2 }),
      emails: fc.array(email, { maxLength: 2 }),
      conversationId: identifier('conv'),
      scope: fc.constantFrom('all', 'visible'),
      language,
      generatedBy: fc.record({ userId: identifier('user', 3), name }),
      kind: fc.constantFrom('builtin', 'llm'),
      at: timestamp,
      channel: fc.constantFrom('call', 'voicemail', 'sms', 'whatsapp'),
      statement: text(200),
      nextStep: optional(text(200)),
    })
    .map(({ phones, emails, kind, at, channel, statement, nextStep, ...rest }) => ({
      ...rest,
      contact: objectOf([
        ['phones', phones],
        ['emails', emails],
      ]),
      generator: objectOf([['kind', kind]]),
      facts: objectOf([
        [
          'lastInteraction',
          objectOf([
            ['interactionId', 'call-1'],
            ['occurredAt', at],
            ['channel', channel],
            ['direction', 'inbound'],
          ]),
        ],
        ['interactionCount', 1],
        [
          'byChannel',
          objectOf([
            ['call', 1],
            ['voicemail', 0],
            ['sms', 0],
            ['whatsapp', 0],
          ]),
        ],
        [
          'period',
          objectOf([
            ['from', at],
            ['to', at],
          ]),
        ],
      ]),
      topics: [
        objectOf([
          ['text', statement],
          ['sources', ['call-1']],
        ]),
      ],
      summary: [
        objectOf([
          ['text', statement],
          ['sources', ['call-1']],
        ]),
      ],
      nextStep:
        nextStep === undefined
          ? undefined
          : objectOf([
              ['text', nextStep],
              ['sources', ['call-1']],
            ]),
      sources: [
        objectOf([
          ['interactionId', 'call-1'],
          ['kind', 'call'],
          ['channel', 'call'],
          ['occurredAt', at],
          ['inboxId', 'inbox-1'],
        ]),
      ],
    })),
};

function message(): fc.Arbitrary<Record<string, JsonModel | undefined>> {
  return fc.record({
    messageId: identifier('msg', 50),
    conversationId: identifier('conv'),
    inboxId: identifier('inbox', 2),
    contact,
    channel: fc.constantFrom('sms', 'whatsapp', 'webchat', 'webmessaging'),
    body: text(),
    author: optional(author),
  });
}

/** CloudEvents extension attributes: 1-20 lower-case letters or digits, scalar values. */
const extensions: fc.Arbitrary<JsonObject> = fc
  .dictionary(
    fc.stringMatching(/^[a-z0-9]{1,20}$/).filter((key) => !ENVELOPE.includes(key) && !FORBIDDEN_KEYS.includes(key)),
    fc.oneof(clean(fc.string({ maxLength: 20 })), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
    { maxKeys: 2 },
  )
  .map((fields) => objectOf(Object.entries(fields)));

/** A valid event of `type` as a JSON model. */
export const validEventModel = (type: EventType): fc.Arbitrary<JsonObject> =>
  fc
    .record({
      id: identifier('evt', 1_000_000),
      source: clean(
        fc.oneof(
          fc.constantFrom('urn:pbx:lyon', '//telephony/eu-1', 'https://example.com/a?b=c#d'),
          fc.string({ minLength: 1, maxLength: 30 }),
        ),
      ),
      time: timestamp,
      datacontenttype: optional(fc.constant('application/json')),
      subject: optional(clean(fc.string({ minLength: 1, maxLength: 20 }))),
      extensions: optional(extensions),
      workspaceId,
      data: DATA[type],
      unknown: optional(unknownFields),
    })
    .map(({ extensions: attributes, workspaceId: workspace, data, unknown, ...envelope }) =>
      compact({
        specversion: '1.0',
        ...envelope,
        type,
        ...(attributes ?? {}),
        data: objectOf([['workspaceId', workspace], ...Object.entries(compact(data)), ...Object.entries(unknown ?? {})]),
      }),
    );

export const eventType: fc.Arbitrary<EventType> = fc.constantFrom(...EVENT_TYPES);

export const validEvent = (type?: EventType): fc.Arbitrary<FuzzCase> =>
  (type === undefined ? eventType : fc.constant(type)).chain((chosen) =>
    validEventModel(chosen).map((model) => makeCase({ kind: 'valid', type: chosen, label: 'valid', text: toJsonText(model) })),
  );

// ---------------------------------------------------------------------------------------------------
// Hostile values

const raw = (text: string, label = text) => new RawJson(text, label);

/** Nesting `depth` levels deep: arrays, objects, or both in turn. */
export function deepValue(depth: number, style: 'array' | 'object' | 'mixed'): RawJson {
  const label = `deep ${style} x${depth}`;
  if (style === 'array') return raw(`${'['.repeat(depth)}${']'.repeat(depth)}`, label);
  if (style === 'object') return raw(`${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`, label);
  const open = Array.from({ length: depth - 1 }, (_, level) => (level % 2 === 0 ? '[' : '{"a":')).join('');
  const close = Array.from({ length: depth - 1 }, (_, level) => (level % 2 === 0 ? ']' : '}'))
    .reverse()
    .join('');
  return raw(`${open}{}${close}`, label);
}

const deep = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(31, 32, 33, 34) },
      { weight: 2, arbitrary: fc.integer({ min: 35, max: 200 }) },
      { weight: 2, arbitrary: fc.constantFrom(1_000, 4_400, 10_000, 100_000) },
    ),
    fc.constantFrom('array' as const, 'object' as const, 'mixed' as const),
  )
  .map(([depth, style]) => deepValue(depth, style));

const SEGMENT = '{"speaker":"contact","text":"x","offsetMs":0}';
/** Containers of more items than any list of the catalogue allows. */
const crowded = fc
  .tuple(fc.constantFrom(1_001, 10_001, 50_001, 100_000), fc.constantFrom('0', '[]', '{}', '"x"', 'null', SEGMENT), fc.boolean())
  .map(([count, item, asObject]) =>
    asObject
      ? raw(`{${Array.from({ length: count }, (_, index) => `"k${index}":${item}`).join(',')}}`, `object of ${count} x ${item}`)
      : raw(`[${Array(count).fill(item).join(',')}]`, `array of ${count} x ${item}`),
  );

const HOSTILE_NUMBERS: JsonModel[] = [
  0,
  -0,
  -1,
  1.5,
  2 ** 53 + 1,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  5e-324,
  1e21,
  raw('1e400'),
  raw('-1e400'),
  raw('1e-400'),
  raw('123456789012345678901234567890'),
  raw('-0.0e0'),
];

/** Strings the hostile way: NUL, lone surrogates (escaped and raw), emoji, lookalikes, over every limit. */
const HOSTILE_STRINGS: JsonModel[] = [
  '',
  ' ',
  'x',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '\ud83d',
  '😀',
  '👩‍👩‍👧‍👦',
  '\u202e\u200b\ufeff',
  'NaN',
  'Infinity',
  '1e400',
  'null',
  '2026-02-30T25:00:00Z',
  '+33612345678\u0000',
  '__proto__',
  raw('"\ud800"', 'unescaped "\\ud800"'),
  raw('"a\udfff\ud800b"', 'unescaped "a\\udfff\\ud800b"'),
  'a'.repeat(EVENT_LIMITS.identifierLength + 1),
  'a'.repeat(EVENT_LIMITS.nameLength + 1),
  'a'.repeat(EVENT_LIMITS.sourceLength + 1),
  'é'.repeat(EVENT_LIMITS.textBytes / 2 + 1),
];

const HOSTILE_CONTAINERS: JsonModel[] = [
  {},
  [],
  [[]],
  [{}, []],
  [null],
  ['x'],
  [1],
  { a: 1 },
  objectOf([['__proto__', { polluted: true }]]),
  objectOf([['constructor', { prototype: { polluted: true } }]]),
  objectOf([['prototype', 1]]),
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', '😀', 'a', '\u200b', '\ufeff', '\\'), maxLength: 8 }),
  },
);

export const hostileValue: fc.Arbitrary<JsonModel> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<JsonModel>(null, true, false) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 4, arbitrary: hostileString },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CONTAINERS) },
  { weight: 2, arbitrary: deep },
  { weight: 1, arbitrary: crowded },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as JsonModel) },
);

/** What is added under a new key: mostly what an unknown field could smuggle past a parser that ignores unknown fields. */
const addedValue: fc.Arbitrary<JsonModel> = fc.oneof(
  { weight: 3, arbitrary: deep },
  { weight: 1, arbitrary: crowded },
  { weight: 2, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_CONTAINERS) },
  { weight: 1, arbitrary: fc.constant<JsonModel>({}) },
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FORBIDDEN_KEYS) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'x'.repeat(300),
      '\u0000',
      '\ud800',
      '😀',
      'a.b',
      '[0]',
      'toString',
      'hasOwnProperty',
      'Type',
      'ext1',
      'ttl',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

// ---------------------------------------------------------------------------------------------------
// Corruption

interface Slot {
  readonly parent: JsonObject | JsonModel[];
  readonly key: string | number;
  readonly path: string;
}

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent === '' ? key : `${parent}.${key}`;

/** Every value of the model with where it is, depth first (models are shallow: deep values are raw). */
function slotsOf(model: JsonObject): Slot[] {
  const slots: Slot[] = [];
  const visit = (value: JsonModel, path: string) => {
    const entries: Array<[string | number, JsonModel]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : isJsonObject(value)
        ? Object.entries(value)
        : [];
    for (const [key, item] of entries) {
      slots.push({ parent: value as JsonObject | JsonModel[], key, path: pathOf(path, key) });
      visit(item, pathOf(path, key));
    }
  };
  visit(model, '');
  return slots;
}

const valueAt = (slot: Slot): JsonModel => (Array.isArray(slot.parent) ? slot.parent[slot.key as number] : slot.parent[slot.key as string]);

function put(slot: Slot, value: JsonModel): void {
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else setOwn(slot.parent, slot.key as string, value);
}

/** Containers of the model (the event itself included), with their paths. */
function containersOf(model: JsonObject): Array<{ container: JsonObject | JsonModel[]; path: string }> {
  return [
    { container: model, path: '(event)' },
    ...slotsOf(model).flatMap((slot) => {
      const value = valueAt(slot);
      return Array.isArray(value) || isJsonObject(value) ? [{ container: value, path: slot.path }] : [];
    }),
  ];
}

const RESHAPES = [
  'wrap',
  'wrap-then-array',
  'append-array',
  'append-object',
  'append-null',
  'items-as-arrays',
  'object-of',
  'unwrap',
  'as-string',
] as const;
type Reshape = (typeof RESHAPES)[number];

/** Arrays where objects are expected and the other way round, built from the value in place. */
function reshape(value: JsonModel, how: Reshape): JsonModel {
  const items = Array.isArray(value) ? value : [value];
  switch (how) {
    case 'wrap':
      return [value];
    case 'wrap-then-array':
      return [value, []];
    case 'append-array':
      return [...items, []];
    case 'append-object':
      return [...items, {}];
    case 'append-null':
      return [...items, null];
    case 'items-as-arrays':
      return items.length === 0 ? [[]] : items.map(() => []);
    case 'object-of':
      return objectOf([['0', value]]);
    case 'unwrap':
      return Array.isArray(value) ? (value[0] ?? null) : value;
    case 'as-string':
      return toJsonText(value);
  }
}

const IDENTIFIER_KEYS = new Set([
  'id',
  'workspaceId',
  'callId',
  'conversationId',
  'sessionId',
  'messageId',
  'voicemailId',
  'contactId',
  'inboxId',
  'userId',
  'type',
  'time',
]);

const TAINTS = ['\u0000', '\ud800', '\udc00', '\ud83d\ude00', '\u0000\ud800'] as const;

/** The fields of the catalogue that hold nested objects, or arrays of them or of strings. */
const STRUCTURED_FIELDS = new Set([
  'contact',
  'handledBy',
  'segments',
  'jobs',
  'collected',
  'transcript',
  'author',
  'assignedBy',
  'agent',
  'nextSteps',
  'licenses',
  'inboxIds',
]);

/** Arrays where objects are expected and the other way round, given the value in place (`item`: one of its items). */
const SHAPES = [
  '[[]]',
  '[{}, []]',
  '[]',
  '{}',
  '[item, []]',
  '[item, null]',
  '[item, 1]',
  '[[item]]',
  '"x"',
  'item',
  '{"0": item}',
] as const;
type Shape = (typeof SHAPES)[number];

function shaped(value: JsonModel, shape: Shape): JsonModel {
  const item = Array.isArray(value) ? (value[0] ?? {}) : value;
  switch (shape) {
    case '[[]]':
      return [[]];
    case '[{}, []]':
      return [{}, []];
    case '[]':
      return [];
    case '{}':
      return {};
    case '[item, []]':
      return [cloneModel(item), []];
    case '[item, null]':
      return [cloneModel(item), null];
    case '[item, 1]':
      return [cloneModel(item), 1];
    case '[[item]]':
      return [[cloneModel(item)]];
    case '"x"':
      return 'x';
    case 'item':
      return cloneModel(item);
    case '{"0": item}':
      return objectOf([['0', cloneModel(item)]]);
  }
}

type Mutation =
  | { readonly kind: 'replace'; readonly pick: number; readonly value: JsonModel }
  | { readonly kind: 'shape'; readonly pick: number; readonly shape: Shape }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'add'; readonly pick: number; readonly key: string; readonly value: JsonModel }
  | { readonly kind: 'smuggle'; readonly pick: number; readonly key: string; readonly value: JsonModel }
  | { readonly kind: 'reshape'; readonly pick: number; readonly how: Reshape }
  | { readonly kind: 'taint'; readonly pick: number; readonly at: number; readonly taint: string; readonly keys: 'any' | 'identifiers' }
  | { readonly kind: 'lengthen'; readonly pick: number; readonly length: number };

const pick = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick, value: hostileValue }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('shape' as const), pick, shape: fc.constantFrom(...SHAPES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      pick,
      key: hostileKey,
      value: fc.oneof(hostileValue, fc.constant<JsonModel>({})),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reshape' as const), pick, how: fc.constantFrom(...RESHAPES) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('taint' as const),
      pick,
      at: fc.nat(),
      taint: fc.constantFrom(...TAINTS),
      keys: fc.constantFrom('any' as const, 'identifiers' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('lengthen' as const),
      pick,
      length: fc.constantFrom(
        EVENT_LIMITS.identifierLength + 1,
        EVENT_LIMITS.nameLength + 1,
        EVENT_LIMITS.sourceLength + 1,
        EVENT_LIMITS.textBytes + 1,
        EVENT_LIMITS.transcriptBytes + 1,
      ),
    }),
  },
);

/** Applies one mutation to the model in place; returns its label. */
function applyMutation(model: JsonObject, change: Mutation): string {
  const slots = slotsOf(model);
  switch (change.kind) {
    case 'replace': {
      const slot = slots[change.pick % slots.length];
      put(slot, cloneModel(change.value));
      return `${slot.path} := ${describeModel(change.value)}`;
    }
    case 'shape': {
      // The catalogue's nested objects and arrays (and their items), else any container.
      const structured = slots.filter((slot) => {
        const parentKey = slot.path
          .replace(/\[\d+\]$/, '')
          .split('.')
          .pop()!;
        return STRUCTURED_FIELDS.has(typeof slot.key === 'number' ? parentKey : slot.key);
      });
      const candidates = structured.length > 0 ? structured : slots;
      const slot = candidates[change.pick % candidates.length];
      const next = shaped(valueAt(slot), change.shape);
      put(slot, next);
      return `${slot.path} := ${describeModel(next)}`;
    }
    case 'delete': {
      const fields = slots.filter((slot) => !Array.isArray(slot.parent));
      const slot = fields[change.pick % fields.length];
      delete (slot.parent as JsonObject)[slot.key as string];
      return `${slot.path} deleted`;
    }
    case 'smuggle': {
      // An unknown field of `data` or of one of its objects: kept by the parser, so it must be storable and harmless.
      const objects = containersOf(model).filter(
        ({ container, path }) => !Array.isArray(container) && (path === 'data' || path.startsWith('data.')),
      );
      const { container, path } = objects[change.pick % objects.length];
      setOwn(container as JsonObject, change.key, cloneModel(change.value));
      return `${path}.${change.key} := ${describeModel(change.value)}`;
    }
    case 'add': {
      const { container, path } = containersOf(model)[change.pick % containersOf(model).length];
      if (Array.isArray(container)) {
        container.push(cloneModel(change.value));
        return `${path} += ${describeModel(change.value)}`;
      }
      setOwn(container, change.key, cloneModel(change.value));
      return `${path}[${JSON.stringify(change.key)}] := ${describeModel(change.value)}`;
    }
    case 'reshape': {
      // Containers only: the nested objects and arrays of objects are where the shapes matter.
      const containers = slots.filter((slot) => {
        const value = valueAt(slot);
        return Array.isArray(value) || isJsonObject(value);
      });
      const slot = containers.length > 0 ? containers[change.pick % containers.length] : slots[change.pick % slots.length];
      const next = reshape(valueAt(slot), change.how);
      put(slot, next);
      return `${slot.path} ${change.how} -> ${describeModel(next)}`;
    }
    case 'taint':
    case 'lengthen': {
      // Identifiers are where a store sees strings raw (ids, workspace, stream), not inside the JSON payload.
      const strings = slots.filter(
        (slot) =>
          typeof valueAt(slot) === 'string' &&
          (change.kind === 'lengthen' || change.keys === 'any' || IDENTIFIER_KEYS.has(String(slot.key))),
      );
      if (strings.length === 0) return 'no string to change';
      const slot = strings[change.pick % strings.length];
      const value = valueAt(slot) as string;
      if (change.kind === 'taint') {
        const at = change.at % (value.length + 1);
        put(slot, `${value.slice(0, at)}${change.taint}${value.slice(at)}`);
        return `${slot.path} := ${describeModel(valueAt(slot))}`;
      }
      const unit = value.length > 0 ? value[0] : 'a';
      put(slot, unit.repeat(Math.ceil(change.length / Buffer.byteLength(unit))));
      return `${slot.path} := ${describeModel(valueAt(slot))}`;
    }
  }
}

const smuggle: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constant('smuggle' as const),
  pick,
  key: fc.string({ maxLength: 8 }).map((key) => `x_${key}`),
  value: addedValue,
});
const shape: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constant('shape' as const), pick, shape: fc.constantFrom(...SHAPES) });

/**
 * The changes made to a valid event: mostly one (so that the rest stays valid and the change is what the
 * parser judges), often a hostile value in an unknown field or a reshaped nested array or object (what a
 * parser that lets unknown fields and nested items through would miss), sometimes two or three.
 */
const corruption: fc.Arbitrary<Mutation[]> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(mutation) },
  { weight: 3, arbitrary: fc.tuple(smuggle) },
  { weight: 3, arbitrary: fc.tuple(shape) },
  { weight: 1, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 3 }) },
);

/** A catalogue event as a JSON model, with what was done to it. */
export interface EventModel {
  readonly kind: 'valid' | 'corrupted';
  readonly type: EventType;
  readonly label: string;
  readonly model: JsonObject;
}

/** A valid event's model damaged 1 to 3 times (the damage may leave it valid: the parser decides). */
/** Types to corrupt, those with the most structure (arrays of objects, nested objects) more often. */
const corruptedType: fc.Arbitrary<EventType> = fc.oneof(
  { weight: EVENT_TYPES.length, arbitrary: eventType },
  { weight: 4, arbitrary: fc.constantFrom<EventType>('call.transcript.completed', 'call.summary.completed') },
  { weight: 2, arbitrary: fc.constantFrom<EventType>('call.completed', 'voicemail.completed', 'user.configured') },
);

export const corruptedEventModel = (type?: EventType): fc.Arbitrary<EventModel> =>
  (type === undefined ? corruptedType : fc.constant(type)).chain((chosen) =>
    fc.tuple(validEventModel(chosen), corruption).map(([generated, mutations]) => {
      // A copy: fast-check keeps the generated value to shrink it, and mutations change the model in place.
      const model = cloneModel(generated) as JsonObject;
      const labels = mutations.map((change) => applyMutation(model, change));
      return { kind: 'corrupted' as const, type: chosen, label: labels.join('; '), model };
    }),
  );

/** Valid and corrupted events as models (for transports that split an event, such as binary mode). */
export const anyEventModel: fc.Arbitrary<EventModel> = fc.oneof(
  eventType.chain((type) => validEventModel(type).map((model) => ({ kind: 'valid' as const, type, label: 'valid', model }))),
  corruptedEventModel(),
);

/** A valid event damaged 1 to 3 times, as text. */
export const corruptedEvent = (type?: EventType): fc.Arbitrary<FuzzCase> =>
  corruptedEventModel(type).map(({ kind, type: chosen, label, model }) => makeCase({ kind, type: chosen, label, text: toJsonText(model) }));

/**
 * A valid event padded by an unknown `data` field to `slack` bytes from the event limit, sometimes
 * without `datacontenttype` and with a time without milliseconds (normalisation adds both back).
 */
export const paddedEvent: fc.Arbitrary<FuzzCase> = fc
  .tuple(eventType, fc.integer({ min: -48, max: 8 }), fc.boolean(), fc.boolean())
  .chain(([type, slack, dropContentType, shortTime]) =>
    validEventModel(type).map((generated) => {
      const model = cloneModel(generated) as JsonObject;
      if (dropContentType) delete model.datacontenttype;
      if (shortTime) setOwn(model, 'time', '2026-03-01T09:04:00Z');
      const data = model.data as JsonObject;
      setOwn(data, 'x_pad', '');
      const size = Buffer.byteLength(toJsonText(model));
      setOwn(data, 'x_pad', 'p'.repeat(Math.max(0, EVENT_LIMITS.eventBytes + slack - size)));
      const label = `padded to limit${slack >= 0 ? '+' : ''}${slack}, ${'datacontenttype' in model ? 'with' : 'without'} datacontenttype, time ${JSON.stringify(model.time)}`;
      return makeCase({ kind: 'corrupted', type, label, text: toJsonText(model) });
    }),
  );

/** Duplicate keys (JSON.parse keeps the last): a second `data`, `id` or `type` after the first. */
export const duplicateKeyEvent: fc.Arbitrary<FuzzCase> = fc
  .tuple(validEvent(), fc.constantFrom('data', 'id', 'type', 'specversion'), hostileValue)
  .map(([valid, key, value]) =>
    makeCase({
      kind: 'corrupted',
      type: valid.type,
      label: `duplicate key ${key} := ${describeModel(value)}`,
      text: `${valid.text.slice(0, -1)},${JSON.stringify(key)}:${toJsonText(value)}}`,
    }),
  );

// ---------------------------------------------------------------------------------------------------
// Anything at all

const GARBAGE = [
  '',
  ' ',
  'null',
  '[]',
  '{}',
  '"x"',
  '1e400',
  '[[]]',
  '[{}, []]',
  '{"__proto__":{}}',
  'NaN',
  '\ufeff{}',
  '{"a":1,}',
  '{',
  '\u0000',
  '{"data":{}}',
];

export const garbageText: fc.Arbitrary<FuzzCase> = fc
  .oneof(
    fc.constantFrom(...GARBAGE).map((text) => ({ label: 'constant', text })),
    fc.string({ unit: 'binary', maxLength: 60 }).map((text) => ({ label: 'random text', text })),
    fc.json({ maxDepth: 4 }).map((text) => ({ label: 'random JSON', text })),
    fc
      .tuple(validEvent(), fc.nat())
      .map(([valid, cut]) => ({ label: `truncated at ${cut % valid.text.length}`, text: valid.text.slice(0, cut % valid.text.length) })),
    deep.map((value) => ({ label: value.label, text: value.text })),
  )
  .map(({ label, text }) => makeCase({ kind: 'garbage', label, text }));

/** Any event-sized JSON text: valid, corrupted, padded, duplicate keys, garbage. */
export const anyEventText: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 3, arbitrary: validEvent() },
  { weight: 8, arbitrary: corruptedEvent() },
  { weight: 1, arbitrary: duplicateKeyEvent },
  { weight: 2, arbitrary: garbageText },
);

/** Bytes: random, or an event's UTF-8 with bytes overwritten (invalid UTF-8, NUL, a BOM in front). */
export const anyEventBytes: fc.Arbitrary<{ readonly label: string; readonly bytes: Uint8Array }> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ label: 'random bytes', bytes })),
  fc
    .tuple(
      fc.oneof(validEvent(), corruptedEvent()),
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom([0xff], [0xc0, 0x80], [0x80], [0xed, 0xa0, 0x80], [0x00], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbb, 0xbf]),
        ),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    )
    .map(([base, overwrites]) => {
      const bytes = Buffer.from(base.text, 'utf8');
      for (const [at, sequence] of overwrites)
        bytes.set(sequence.slice(0, Math.max(0, bytes.length - (at % bytes.length))), at % bytes.length);
      return { label: `${base.kind} ${base.type} [${base.label}] with bytes ${JSON.stringify(overwrites)}`, bytes: new Uint8Array(bytes) };
    }),
);

/** A batch as producers send one: valid events with corrupted and garbage neighbours (`corrupted`: how many corrupted for 2 valid). */
export const mixedBatch = (maxLength: number, corrupted = 4): fc.Arbitrary<FuzzCase[]> =>
  fc.array(
    fc.oneof(
      { weight: 2, arbitrary: validEvent() },
      { weight: corrupted, arbitrary: corruptedEvent() },
      { weight: 1, arbitrary: duplicateKeyEvent },
    ),
    { minLength: 1, maxLength },
  );
