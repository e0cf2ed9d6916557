import { connect } from 'node:net';
import fc from 'fast-check';
import { anyEventModel, anyEventText, type FuzzCase, garbageText, mixedBatch } from './event-arbitraries';
import { clip, describeModel, isJsonObject, type JsonModel, toJsonText } from './json-model';

/**
 * Requests for `POST /v1/events` the hostile way: one event (structured mode), batches with bad
 * neighbours, binary mode with fuzzed `ce-*` headers, fuzzed media types and encodings, raw bytes; and
 * raw HTTP/1.1 with malformed framing, sent over a socket (`fetch` refuses to send most of it).
 */
export const STRUCTURED = 'application/cloudevents+json';
export const BATCH = 'application/cloudevents-batch+json';
export const JSON_TYPE = 'application/json';

export interface FuzzRequest {
  readonly mode: 'structured' | 'batch' | 'binary' | 'bytes';
  readonly label: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  /** The events of a structured or batch request, in order (the parser is their oracle). */
  readonly events?: readonly FuzzCase[];
}

const withToString = (request: FuzzRequest): FuzzRequest =>
  Object.defineProperty(request, fc.toStringMethod, {
    value: () =>
      `${request.mode} [${request.label}] headers ${clip(JSON.stringify(request.headers), 600)} body ${request.body.length} bytes: ${clip(
        JSON.stringify(request.body.toString('utf8')),
        900,
      )}`,
    enumerable: false,
  });

const ODD_CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset="UTF-8"',
  'APPLICATION/CLOUDEVENTS+JSON',
  'application/json; charset=latin1',
  'application/cloudevents+json; charset=utf-16',
  'application/json;;;',
  'application/problem+json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
  '*/*',
];

const contentType = (usual: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...usual) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }) },
  );

/** Now and then a Content-Encoding the endpoint must refuse (or accept: identity). */
const encoding = fc.option(fc.constantFrom('identity', 'gzip', 'br', 'x-unknown', 'IDENTITY'), { nil: undefined, freq: 8 });

const headersOf = (type: string | undefined, contentEncoding: string | undefined, extra: ReadonlyArray<readonly [string, string]> = []) => [
  ...(type === undefined || type === '' ? [] : [['content-type', type] as const]),
  ...(contentEncoding === undefined ? [] : [['content-encoding', contentEncoding] as const]),
  ...extra,
];

const structured: fc.Arbitrary<FuzzRequest> = fc
  .tuple(anyEventText, contentType([STRUCTURED, JSON_TYPE]), encoding)
  .map(([event, type, contentEncoding]) =>
    withToString({
      mode: 'structured',
      label: `${event.kind} ${event.type ?? ''} [${event.label}] as ${type}`,
      headers: headersOf(type, contentEncoding),
      body: Buffer.from(event.text, 'utf8'),
      events: [event],
    }),
  );

/** Batch elements: events valid, corrupted and JSON garbage (the body must stay a JSON array). */
const batch: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: mixedBatch(6) },
      {
        weight: 1,
        arbitrary: fc.tuple(mixedBatch(4), garbageText).map(([events, garbage]) => {
          const isJson = (() => {
            try {
              JSON.parse(garbage.text);
              return true;
            } catch {
              return false;
            }
          })();
          return isJson ? [...events, garbage] : events;
        }),
      },
    ),
    contentType([BATCH, JSON_TYPE]),
    encoding,
  )
  .map(([events, type, contentEncoding]) =>
    withToString({
      mode: 'batch',
      label: `${events.length} events as ${type}: ${events.map((event) => `${event.kind} ${event.type ?? ''} [${event.label}]`).join(' | ')}`,
      headers: headersOf(type, contentEncoding),
      body: Buffer.from(`[${events.map((event) => event.text).join(',')}]`, 'utf8'),
      events,
    }),
  );

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The HTTP binding's percent-encoding of a header value: printable ASCII kept, the rest as UTF-8 bytes. */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e && char !== '%') encoded += char;
    else encoded += [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return encoded;
}

const ceHeaderName = fc.oneof(
  fc.constantFrom(
    'ce-specversion',
    'ce-id',
    'ce-source',
    'ce-type',
    'ce-time',
    'ce-data',
    'ce-data_base64',
    'ce-datacontenttype',
    'ce-dataschema',
    'ce-__proto__',
    'ce-constructor',
    'ce-prototype',
    'ce-',
    'ce-ID',
    'ce-tenant',
  ),
  fc.stringMatching(/^ce-[a-z0-9_]{1,24}$/),
);

const ceHeaderValue = fc.oneof(
  fc.constantFrom('%00', '%ED%A0%80', '%F0%9F%98%80', '%', '%zz', '%C3', '\u00e9', ' padded ', '1.0', '0.3', '', 'x'.repeat(20_000), '%25'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }).map(percentEncode),
);

/**
 * Binary mode: an event's attributes as `ce-*` headers (percent-encoded; objects as their JSON text,
 * which may be larger than any header limit), its `data` as the body, then fuzzed `ce-*` headers on top.
 */
const binary: fc.Arbitrary<FuzzRequest> = fc
  .tuple(anyEventModel, fc.array(fc.tuple(ceHeaderName, ceHeaderValue), { maxLength: 3 }), contentType([JSON_TYPE]), encoding)
  .map(([event, extra, type, contentEncoding]) => {
    const attributes: Array<readonly [string, string]> = [];
    let data: JsonModel | undefined;
    for (const [key, value] of Object.entries(event.model)) {
      if (key === 'data') data = value;
      else if (HEADER_NAME.test(`ce-${key}`)) {
        attributes.push([`ce-${key}`, percentEncode(typeof value === 'string' ? value : toJsonText(value))]);
      }
    }
    const dataLabel = data === undefined ? 'no data' : isJsonObject(data) ? 'data' : `data ${describeModel(data)}`;
    return withToString({
      mode: 'binary',
      label: `${event.kind} ${event.type} [${event.label}], ${dataLabel}, extra ${JSON.stringify(extra.map(([name, value]) => [name, clip(value, 40)]))}`,
      headers: headersOf(type, contentEncoding, [...attributes, ...extra]),
      body: Buffer.from(data === undefined ? '' : toJsonText(data), 'utf8'),
    });
  });

const bytes: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((body) => Buffer.from(body)),
      fc.constantFrom(
        Buffer.alloc(0),
        Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
        Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
        Buffer.from(' \n\t '),
      ),
    ),
    contentType([STRUCTURED, BATCH, JSON_TYPE]),
    encoding,
  )
  .map(([body, type, contentEncoding]) =>
    withToString({ mode: 'bytes', label: `raw bytes as ${type}`, headers: headersOf(type, contentEncoding), body }),
  );

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 3, arbitrary: structured },
  { weight: 3, arbitrary: batch },
  { weight: 3, arbitrary: binary },
  { weight: 1, arbitrary: bytes },
);

// ---------------------------------------------------------------------------------------------------
// Raw HTTP/1.1

export interface RawRequest {
  readonly label: string;
  /** The head as Latin-1 (one byte a character, as HTTP/1.1 has it), the body as UTF-8. */
  readonly bytes: Buffer;
}

const REQUEST_LINES = [
  'POST /v1/events HTTP/1.1',
  'POST /v1/events HTTP/1.0',
  'POST /v1/events/ HTTP/1.1',
  'POST /v1/events?x=%00 HTTP/1.1',
  'POST /v1/Events HTTP/1.1',
  'POST /v1/events/%00 HTTP/1.1',
  'PUT /v1/events HTTP/1.1',
  'GET /v1/events HTTP/1.1',
  'DELETE /health HTTP/1.1',
  'POST /nope HTTP/1.1',
  'BREW /v1/events HTTP/1.1',
  'POST  /v1/events HTTP/1.1',
  'POST /v1/events HTTP/2.0',
  'POST /v1/events HTTP/1.1 extra',
  'POST * HTTP/1.1',
  'POST /v1/events\u0000 HTTP/1.1',
];

const HEADER_LINES = [
  'X-Bad\u0000Header: 1',
  'Bad Header: 1',
  ' folded: continuation',
  'Content-Length: abc',
  'Content-Length: 5',
  'Content-Length: -1',
  'Transfer-Encoding: gzip, chunked',
  'Transfer-Encoding: nonsense',
  `ce-id: ${'x'.repeat(20_000)}`,
  `X-Long: ${'y'.repeat(70_000)}`,
  'X-Latin: \u00e9',
  'X-Ctl: a\u0001b',
  ':',
  'NoColon',
  'Expect: nonsense',
  'ce-specversion: 1.0',
  'ce-id: %00',
  'Content-Type: text/plain',
  'Host: second-host',
];

/**
 * A raw request: a request line (some malformed), Host, a JSON content type, 0 to 3 fuzzed header lines,
 * then Content-Length and a body (an event, valid or not), `Connection: close` so that the server ends it.
 */
export const rawRequest: fc.Arbitrary<RawRequest> = fc
  .tuple(
    fc.constantFrom(...REQUEST_LINES),
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...HEADER_LINES) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }) },
      ),
      {
        maxLength: 3,
      },
    ),
    anyEventText,
  )
  .map(([requestLine, lines, event]) => {
    const body = Buffer.from(event.text, 'utf8');
    const head = [
      requestLine,
      'Host: 127.0.0.1',
      `Content-Type: ${STRUCTURED}`,
      ...lines,
      `Content-Length: ${body.length}`,
      'Connection: close',
    ];
    const label = `${JSON.stringify(requestLine)} + ${JSON.stringify(lines.map((line) => clip(line, 60)))}, body ${event.kind} ${event.type ?? ''}`;
    return { label, bytes: Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]) };
  })
  .map((request) => Object.defineProperty(request, fc.toStringMethod, { value: () => request.label, enumerable: false }));

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends raw bytes and reads until the server closes; returns the final (non-1xx) response, or undefined
 * when the server closed without answering.
 */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 5_000): Promise<RawResponse | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no end of the response after ${timeoutMs} ms; received ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 300))}`,
        ),
      );
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseRawResponse(Buffer.concat(chunks)));
    });
    socket.end(bytes);
  });
}

function parseRawResponse(raw: Buffer): RawResponse | undefined {
  let rest = raw.toString('latin1');
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (!rest.startsWith('HTTP/') || end < 0) return undefined;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    rest = rest.slice(end + 4);
    if (status >= 100 && status < 200) continue;
    const body =
      headers['transfer-encoding']?.toLowerCase() === 'chunked'
        ? dechunk(rest)
        : rest.slice(0, Number(headers['content-length'] ?? rest.length));
    return { status, headers, body: Buffer.from(body, 'latin1').toString('utf8') };
  }
}

function dechunk(text: string): string {
  let body = '';
  for (let rest = text; ;) {
    const end = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, end), 16);
    if (end < 0 || !(size > 0)) return body;
    body += rest.slice(end + 2, end + 2 + size);
    rest = rest.slice(end + 2 + size + 2);
  }
}
