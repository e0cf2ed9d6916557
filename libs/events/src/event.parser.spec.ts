import { EVENT_TYPES, type EventType } from './event-catalogue';
import { EVENT_LIMITS } from './event-limits';
import { parseDecodedEvent, parseEvent, validateEvent } from './event.parser';
import { cloudEvent, VALID_DATA } from './testing/event.fixtures';

const errorsOf = (input: unknown) => {
  const result = typeof input === 'string' ? parseEvent(input) : validateEvent(input);
  return result.ok ? [] : result.errors;
};

const withData = (type: EventType, patch: Record<string, unknown>) => cloudEvent(type, { ...VALID_DATA[type], ...patch });

describe('parseEvent', () => {
  it.each(EVENT_TYPES)('accepts a valid %s and keeps its data', (type) => {
    const result = parseEvent(JSON.stringify(cloudEvent(type)));
    expect(result).toMatchObject({ ok: true, event: { type, id: `evt-${type}`, data: { workspaceId: 'ws-1' } } });
  });

  it('round-trips: the stored form parses to itself', () => {
    for (const type of EVENT_TYPES) {
      const first = parseEvent(JSON.stringify(cloudEvent(type)));
      if (!first.ok) throw new Error(JSON.stringify(first.errors));
      const again = parseEvent(JSON.stringify(first.event));
      expect(again.ok && JSON.stringify(again.event)).toBe(JSON.stringify(first.event));
    }
  });

  it.each([
    ['not JSON', '{"id": ', '(event)', /not valid JSON/],
    ['a JSON array', '[]', '(event)', /must be a JSON object/],
    ['a JSON string', '"hello"', '(event)', /must be a JSON object/],
  ])('rejects %s', (_case, raw, field, message) => {
    expect(errorsOf(raw)).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['wrong specversion', { specversion: '0.3' }, 'specversion', /must be "1.0"/],
    ['missing id', { id: undefined }, 'id', /string/],
    ['empty id', { id: '' }, 'id', /empty/],
    ['missing source', { source: undefined }, 'source', /string/],
    ['unknown type', { type: 'call.exploded' }, 'type', /unknown event type "call.exploded"/],
    ['missing time', { time: undefined }, 'time', /RFC 3339/],
    ['time without zone', { time: '2026-03-01T09:00:00' }, 'time', /RFC 3339/],
    ['impossible date', { time: '2026-02-30T09:00:00Z' }, 'time', /RFC 3339/],
    ['time as number', { time: 1772355600000 }, 'time', /RFC 3339/],
    ['wrong content type', { datacontenttype: 'text/xml' }, 'datacontenttype', /application\/json/],
    ['data not an object', { data: 'x' }, 'data', /JSON object/],
    ['bad extension name', { Weird_Name: 1 }, 'Weird_Name', /not a CloudEvents attribute/],
    ['an empty key, quoted', { '': [] }, '[""]', /not a CloudEvents attribute/],
    ['a numeric extension holding an object, quoted', { '53': {} }, '["53"]', /strings, numbers or booleans/],
    ['a key with a space, quoted', { 'x_ ': 1 }, '["x_ "]', /not a CloudEvents attribute/],
    ['object extension', { traceparent: { a: 1 } }, 'traceparent', /strings, numbers or booleans/],
  ])('rejects an envelope with %s', (_case, overrides, field, message) => {
    const event = { ...cloudEvent('call.completed'), ...overrides };
    expect(errorsOf(event)).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it.each<[string, EventType, Record<string, unknown>, string, RegExp]>([
    ['missing workspace', 'call.completed', { workspaceId: undefined }, 'data.workspaceId', /string/],
    ['contact without identifier', 'call.completed', { contact: { name: 'Anonymous' } }, 'data.contact.contactId', /at least one of/],
    ['malformed phone', 'call.completed', { contact: { phone: 'call me maybe' } }, 'data.contact.phone', /international format/],
    ['national phone', 'message.received', { contact: { phone: '0612345678' } }, 'data.contact.phone', /international format/],
    ['bad e-mail', 'message.received', { contact: { email: 'not-an-email' } }, 'data.contact.email', /e-mail/],
    ['unknown direction', 'call.completed', { direction: 'sideways' }, 'data.direction', /one of/],
    ['unknown status', 'call.completed', { status: 'lost' }, 'data.status', /one of/],
    ['end before start', 'call.completed', { endedAt: '2026-03-01T08:00:00Z' }, 'data.endedAt', /before startedAt/],
    ['answer before start', 'call.completed', { answeredAt: '2026-03-01T08:59:00Z' }, 'data.answeredAt', /before startedAt/],
    ['bad handledBy kind', 'call.completed', { handledBy: { kind: 'robot', id: 'x' } }, 'data.handledBy.kind', /one of/],
    ['bad language', 'call.transcript.completed', { language: 'not a language!' }, 'data.language', /BCP-47/],
    [
      'bad speaker',
      'call.transcript.completed',
      { segments: [{ speaker: 'ghost', text: 'boo', offsetMs: 0 }] },
      'data.segments[0].speaker',
      /one of/,
    ],
    [
      'negative offset',
      'call.transcript.completed',
      { segments: [{ speaker: 'contact', text: 'hi', offsetMs: -1 }] },
      'data.segments[0].offsetMs',
      /less than 0/,
    ],
    ['segments not a list', 'call.transcript.completed', { segments: 'hello' }, 'data.segments', /array/],
    ['next step not a string', 'call.summary.completed', { nextSteps: [42] }, 'data.nextSteps', /string/],
    [
      'nested collected',
      'call.summary.completed',
      { jobs: [{ jobId: 'j', name: 'n', outcome: 'o', collected: { a: { b: 1 } } }] },
      'data.jobs[0].collected',
      /string, number or boolean/,
    ],
    ['unknown channel', 'message.received', { channel: 'pigeon' }, 'data.channel', /one of/],
    ['body as number', 'message.sent', { body: 12 }, 'data.body', /string/],
    ['duration as string', 'voicemail.completed', { durationSec: '42' }, 'data.durationSec', /number/],
    ['bad recordedAt', 'voicemail.completed', { recordedAt: 'yesterday' }, 'data.recordedAt', /RFC 3339/],
    ['wrap-up without author', 'conversation.wrapup.assigned', { assignedBy: undefined }, 'data.assignedBy', /nested|object/],
    ['unknown endedBy', 'session.ended', { endedBy: 'cat' }, 'data.endedBy', /one of/],
    ['historyEnabled as string', 'inbox.configured', { historyEnabled: 'yes' }, 'data.historyEnabled', /boolean/],
    ['licences not a list', 'user.configured', { licenses: 'ai_assist_pro' }, 'data.licenses', /array/],
    ['unknown role', 'user.configured', { role: 'god' }, 'data.role', /one of/],
  ])('rejects data with %s', (_case, type, patch, field, message) => {
    expect(errorsOf(withData(type, patch))).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('names the fields of every error at once', () => {
    const fields = errorsOf(withData('call.completed', { callId: 1, inboxId: undefined, status: 'x' })).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['data.callId', 'data.inboxId', 'data.status']));
  });

  it.each<[string, () => string, string]>([
    ['an event over 4 MiB', () => JSON.stringify(withData('message.received', { body: 'x'.repeat(EVENT_LIMITS.eventBytes) })), '(event)'],
    ['a message body over 64 KiB', () => JSON.stringify(withData('message.received', { body: 'é'.repeat(40 * 1024) })), 'data.body'],
    [
      'a transcript over 2 MiB',
      () =>
        JSON.stringify(
          withData('call.transcript.completed', {
            segments: Array.from({ length: 3 }, (_, index) => ({ speaker: 'contact', text: 'x'.repeat(800 * 1024), offsetMs: index })),
          }),
        ),
      'data.segments',
    ],
  ])('rejects %s with an error, not a crash', (_case, build, field) => {
    expect(errorsOf(build()).map((error) => error.field)).toContain(field);
  });

  const deeply = (levels: number) => {
    let value: unknown = 'leaf';
    for (let level = 0; level < levels; level++) value = { a: value };
    return value;
  };
  const segment = { speaker: 'contact', text: 'hello', offsetMs: 0 };
  const job = { jobId: 'j', name: 'n', outcome: 'o' };

  // Each hostile shape is one error naming its field: the parser is the wall before every store and projection.
  it.each<[string, () => unknown, { field: string; message: RegExp }]>([
    [
      'an array as a segment',
      () => withData('call.transcript.completed', { segments: [[]] }),
      { field: 'data.segments', message: /item 0 is an array/ },
    ],
    [
      'an array after a valid segment',
      () => withData('call.transcript.completed', { segments: [segment, []] }),
      { field: 'data.segments', message: /item 1 is an array/ },
    ],
    [
      'a number as a segment',
      () => withData('call.transcript.completed', { segments: [segment, 5] }),
      { field: 'data.segments', message: /item 1 is a number/ },
    ],
    [
      'an array holding a number as a segment',
      () => withData('call.transcript.completed', { segments: [[5]] }),
      { field: 'data.segments', message: /item 0 is an array/ },
    ],
    [
      'an array as a job',
      () => withData('call.summary.completed', { jobs: [job, [[]]] }),
      { field: 'data.jobs', message: /item 1 is an array/ },
    ],
    ['null as a job', () => withData('call.summary.completed', { jobs: [null] }), { field: 'data.jobs', message: /item 0 is null/ }],
    ['a number as the contact', () => withData('call.completed', { contact: 5 }), { field: 'data.contact', message: /must be an object/ }],
    [
      'an unknown field nested 4,400 levels deep',
      () => withData('call.completed', { extra: deeply(4400) }),
      { field: `data.extra${'.a'.repeat(30)}`, message: /deeper than 32 levels/ },
    ],
    ['a NUL in the id', () => ({ ...cloudEvent('call.completed'), id: 'evt\u00001' }), { field: 'id', message: /NUL/ }],
    [
      'a NUL in the workspace',
      () => withData('call.completed', { workspaceId: 'ws\u0000' }),
      { field: 'data.workspaceId', message: /NUL/ },
    ],
    ['a NUL in a session id', () => withData('session.ended', { sessionId: '\u0000' }), { field: 'data.sessionId', message: /NUL/ }],
    ['a NUL in a message body', () => withData('message.received', { body: 'hi\u0000' }), { field: 'data.body', message: /NUL/ }],
    [
      'a lone surrogate in the workspace',
      () => withData('call.completed', { workspaceId: 'ws\ud800' }),
      { field: 'data.workspaceId', message: /unpaired surrogate/ },
    ],
    ['a missing source', () => ({ ...cloudEvent('call.completed'), source: undefined }), { field: 'source', message: /is missing/ }],
    ['an empty source', () => ({ ...cloudEvent('call.completed'), source: '' }), { field: 'source', message: /empty/ }],
    [
      'a source over 2,048 characters',
      () => ({ ...cloudEvent('call.completed'), source: 'x'.repeat(2049) }),
      { field: 'source', message: /at most 2048/ },
    ],
  ])('rejects %s with one error naming the field', (_case, build, expected) => {
    expect(errorsOf(build())).toEqual([{ field: expected.field, message: expect.stringMatching(expected.message) }]);
  });

  it('rejects a number beyond JSON doubles (1e400) instead of storing null', () => {
    const raw = JSON.stringify(withData('voicemail.completed', {})).replace('"data":{', '"data":{"extra":1e400,');
    expect(errorsOf(raw)).toEqual([{ field: 'data.extra', message: 'must be a finite number' }]);
  });

  it('drops top-level "constructor" and "prototype" keys, as it does "__proto__" in data', () => {
    const raw = JSON.stringify(cloudEvent('call.completed')).replace('{', '{"constructor":"x","prototype":{"a":1},');
    const result = parseEvent(raw);
    expect(result.ok && (Object.hasOwn(result.event, 'prototype') || Object.hasOwn(result.event, 'constructor'))).toBe(false);
    expect(result.ok).toBe(true);
  });

  it('refuses an event at the byte limit whose stored form would not fit (datacontenttype is added)', () => {
    const event = withData('message.received', {});
    delete (event as Record<string, unknown>).datacontenttype;
    const padded = (padding: string) => JSON.stringify({ ...event, data: { ...(event.data as object), padding } });
    const raw = padded('x'.repeat(EVENT_LIMITS.eventBytes - Buffer.byteLength(padded(''))));
    expect(Buffer.byteLength(raw)).toBe(EVENT_LIMITS.eventBytes);
    expect(errorsOf(raw)).toEqual([{ field: '(event)', message: expect.stringMatching(/once normalised; the limit is 4194304/) }]);
  });

  it('reports the id and type of a rejected event', () => {
    const result = validateEvent(withData('call.completed', { status: 'x' }));
    expect(result).toMatchObject({ ok: false, id: 'evt-call.completed', type: 'call.completed' });
  });

  it('does not let "__proto__" keys change an object prototype', () => {
    const raw = JSON.stringify(cloudEvent('message.received')).replace('"body":', '"__proto__":{"polluted":true},"body":');
    const result = parseEvent(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (result.ok) expect(Object.getPrototypeOf(result.event.data).constructor.name).toBe('MessageData');
  });
});

describe('parseDecodedEvent', () => {
  // What HTTP hands it: a body's JSON already parsed, and the byte length of that event's text.
  it.each<[string, () => string, boolean]>([
    ['a valid call', () => JSON.stringify(cloudEvent('call.completed')), true],
    ['a valid message with a non-ASCII body', () => JSON.stringify(withData('message.received', { body: 'Bonjour, ça va ? 👋' })), true],
    ['an event with field errors', () => JSON.stringify(withData('call.completed', { direction: 'sideways', durationSeconds: -1 })), false],
    ['a JSON array', () => '[]', false],
    [
      'an event over the byte limit',
      () => JSON.stringify(withData('message.received', { body: 'x'.repeat(EVENT_LIMITS.eventBytes) })),
      false,
    ],
    [
      'an event with "__proto__" in data',
      () => JSON.stringify(cloudEvent('call.completed')).replace('"data":{', '"data":{"__proto__":{"x":1},'),
      true,
    ],
  ])('answers what parseEvent answers for %s', (_case, text, ok) => {
    const raw = text();
    const decoded = parseDecodedEvent(JSON.parse(raw), Buffer.byteLength(raw));
    expect(decoded.ok).toBe(ok);
    expect(decoded).toEqual(parseEvent(raw));
  });
});

describe('normalisation', () => {
  it.each([
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalises phone %s to %s', (phone, expected) => {
    const result = validateEvent(withData('message.received', { contact: { phone } }));
    expect(result.ok && result.event.type === 'message.received' && result.event.data.contact.phone).toBe(expected);
  });

  it.each([
    ['2026-03-01T10:00:00+01:00', '2026-03-01T09:00:00.000Z'],
    ['2026-03-01T09:00:00.123456Z', '2026-03-01T09:00:00.123Z'],
    ['2026-03-01t09:00:00z', '2026-03-01T09:00:00.000Z'],
    ['2026-02-28T23:30:00-05:00', '2026-03-01T04:30:00.000Z'],
  ])('normalises time %s to UTC %s', (time, expected) => {
    const result = validateEvent(cloudEvent('session.ended', VALID_DATA['session.ended'], { time }));
    expect(result.ok && result.event.time).toBe(expected);
  });

  it('normalises data timestamps, language tags and e-mails', () => {
    const call = validateEvent(withData('call.completed', { startedAt: '2026-03-01T10:00:00+01:00', answeredAt: undefined }));
    expect(call.ok && call.event.type === 'call.completed' && call.event.data.startedAt).toBe('2026-03-01T09:00:00.000Z');
    const transcript = validateEvent(withData('call.transcript.completed', { language: 'en-us' }));
    expect(transcript.ok && transcript.event.type === 'call.transcript.completed' && transcript.event.data.language).toBe('en-US');
    const identified = validateEvent(withData('contact.identified', { email: ' Alice@Example.COM ' }));
    expect(identified.ok && identified.event.type === 'contact.identified' && identified.event.data.email).toBe('alice@example.com');
  });

  it('keeps CloudEvents extensions and unknown data fields (forward compatibility)', () => {
    const result = validateEvent(
      cloudEvent('session.ended', { ...VALID_DATA['session.ended'], reason: 'timeout' }, { traceparent: '00-abc' }),
    );
    expect(result).toMatchObject({ ok: true, event: { traceparent: '00-abc', data: { reason: 'timeout' } } });
  });
});
