import { Agent, request as httpRequest, STATUS_CODES } from 'node:http';
import { connect, createServer } from 'node:net';
import { ConflictException, Controller, type DynamicModule, Get, Module, NotFoundException, Post, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { ConfigModule, loadConfig } from '@app/config';
import { EVENT_STORE, type EventStore, EventStoreModule, type StoredEvent } from '@app/event-store';
import { type EventType, validateEvent } from '@app/events';
import { cloudEvent, VALID_DATA } from '@app/events/testing/event.fixtures';
import { type RawCloudEvent, syntheticEvents } from '@app/events/testing/synthetic-events';
import type { Logger } from '@app/observability';
import {
  createHttpApp,
  HTTP_INGEST_LIMITS,
  HTTP_KEEP_ALIVE_TIMEOUT_MS,
  HttpIngestModule,
  listenHttp,
  MAX_HEADER_BYTES,
} from '../../apps/hindsight/src/http';
import { createTestDatabase, describeWithPostgres } from '../support/postgres';
import { createTestStore, type TestStore } from '../support/stores';

const BATCH = 'application/cloudevents-batch+json';
const STRUCTURED = 'application/cloudevents+json';
const JSON_TYPE = 'application/json';
const LIMIT = HTTP_INGEST_LIMITS.requestBytes;

@Module({})
class HttpTestModule {}

/** The composition the `serve` command uses: configuration, event store, HTTP ingest (and other controllers of the app). */
const rootModule = (store: string, logger: Logger, controllers: Type<unknown>[] = []): DynamicModule => ({
  module: HttpTestModule,
  imports: [ConfigModule.forRoot(loadConfig({}, { store })), EventStoreModule.forRoot(), HttpIngestModule.register({ logger })],
  controllers,
});

interface Running {
  readonly url: string;
  readonly store: EventStore;
  /** Every log line the endpoint wrote, as JSON text. */
  readonly logs: string[];
  close(): Promise<void>;
}

async function start(storeUrl: string, controllers: Type<unknown>[] = []): Promise<Running> {
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
  const app = await createHttpApp(rootModule(storeUrl, logger, controllers));
  const address = await listenHttp(app, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${address.port}`, store: app.get<EventStore>(EVENT_STORE), logs, close: () => app.close() };
}

const synthetic = (count: number, prefix: string): RawCloudEvent[] => Array.from(syntheticEvents(count, { idPrefix: prefix, seed: 11 }));
const event = (type: EventType, id: string, data: Record<string, unknown> = {}) =>
  cloudEvent(type, { ...VALID_DATA[type], ...data }, { id });
/** The event as the shared parser normalises it, i.e. as it must be stored. */
const normalised = (raw: unknown) => {
  const result = validateEvent(raw);
  if (!result.ok) throw new Error(`invalid test event: ${JSON.stringify(result.errors)}`);
  return result.event;
};

/** An RFC 9457 problem of the HTTP app: `type` is about:blank, so `title` is the status's reason phrase. */
const problem = (status: number, code: string, detail: unknown = expect.any(String)) => ({
  type: 'about:blank',
  title: STATUS_CODES[status],
  status,
  detail,
  code,
});

async function post(url: string, body: RequestInit['body'], headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/v1/events`, { method: 'POST', body, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) };
}

async function storedEvents(store: EventStore): Promise<Map<string, StoredEvent>> {
  const events = new Map<string, StoredEvent>();
  for await (const stored of store.readAll()) events.set(stored.eventId, stored);
  return events;
}

describe('POST /v1/events over the real SQLite event store', () => {
  let testStore: TestStore;
  let running: Running;
  let url: string;

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    running = await start(testStore.url);
    url = running.url;
  });
  afterAll(async () => {
    await running?.close();
    await testStore?.cleanup();
  });

  it('answers GET /health (liveness)', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it("keeps an idle keep-alive connection open past Node's default 5 s, and says how long (clients that reuse it are not reset)", async () => {
    // node:http's Agent ignores the Keep-Alive hint: with Node's 5 s, its next request could meet the server's close.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const health = () =>
      new Promise<{ status: number; keepAlive: string | undefined; reused: boolean }>((resolve, reject) => {
        const outgoing = httpRequest(`${url}/health`, { agent }, (response) => {
          response.resume();
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              keepAlive: response.headers['keep-alive'] as string | undefined,
              reused: outgoing.reusedSocket,
            }),
          );
        });
        outgoing.on('error', reject);
        outgoing.end();
      });
    try {
      const first = await health();
      expect(first).toEqual({ status: 200, keepAlive: `timeout=${HTTP_KEEP_ALIVE_TIMEOUT_MS / 1000}`, reused: false });
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expect(await health()).toEqual({ status: 200, keepAlive: `timeout=${HTTP_KEEP_ALIVE_TIMEOUT_MS / 1000}`, reused: true });
    } finally {
      agent.destroy();
    }
  }, 15_000);

  describe('structured mode', () => {
    it.each([STRUCTURED, `${STRUCTURED}; charset=utf-8`, JSON_TYPE])(
      'accepts one event sent as %s and stores it normalised',
      async (contentType) => {
        const [raw] = synthetic(1, `single-${contentType.replace(/\W+/g, '-')}`);
        const response = await post(url, JSON.stringify(raw), { 'content-type': contentType });

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          accepted: 1,
          duplicates: 0,
          rejected: 0,
          results: [{ index: 0, id: raw.id, status: 'accepted', position: expect.any(Number) }],
        });
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(response.body)));
        const stored = (await storedEvents(running.store)).get(raw.id);
        expect(stored?.position).toBe(response.body.results[0].position);
        expect(JSON.parse(stored!.payload)).toEqual(JSON.parse(JSON.stringify(normalised(raw))));
      },
    );

    it('reports a re-delivered id as a duplicate with the position of the first copy, and stores it once', async () => {
      const raw = event('call.completed', 'redelivered-1');
      const first = await post(url, JSON.stringify(raw), { 'content-type': STRUCTURED });
      const head = await running.store.headPosition();
      const again = await post(url, JSON.stringify(raw), { 'content-type': STRUCTURED });

      expect(again.status).toBe(200);
      expect(again.body).toEqual({
        accepted: 0,
        duplicates: 1,
        rejected: 0,
        results: [{ index: 0, id: 'redelivered-1', status: 'duplicate', position: first.body.results[0].position }],
      });
      expect(await running.store.headPosition()).toBe(head);
    });

    it('rejects an invalid single event with 400, the same body shape and field errors', async () => {
      const raw = event('message.received', 'bad-phone-1', { contact: { phone: 'not a phone' } });
      const response = await post(url, JSON.stringify(raw), { 'content-type': STRUCTURED });

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        accepted: 0,
        duplicates: 0,
        rejected: 1,
        results: [
          { index: 0, id: 'bad-phone-1', status: 'rejected', errors: [{ field: 'data.contact.phone', message: expect.any(String) }] },
        ],
      });
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect((await storedEvents(running.store)).has('bad-phone-1')).toBe(false);
    });

    it('rejects a message body over 64 KiB naming data.body, and never logs the body', async () => {
      const raw = event('message.received', 'long-body-1', { body: 'CONFIDENTIAL-'.repeat(6000) });
      const response = await post(url, JSON.stringify(raw), { 'content-type': STRUCTURED });

      expect(response.status).toBe(400);
      expect(response.body.results[0]).toMatchObject({ id: 'long-body-1', status: 'rejected' });
      expect(response.body.results[0].errors).toEqual([{ field: 'data.body', message: `must be at most ${64 * 1024} bytes` }]);
      const warning = running.logs
        .map((line) => JSON.parse(line))
        .find((line) => line.msg === 'event rejected' && line.id === 'long-body-1');
      expect(warning).toMatchObject({ level: 40, index: 0, type: 'message.received', fields: ['data.body'] });
      expect(running.logs.join('\n')).not.toContain('CONFIDENTIAL');
    });
  });

  describe('batch mode', () => {
    it.each([BATCH, JSON_TYPE])('as %s: per-event results, only valid events stored, all of them in ONE append', async (contentType) => {
      const prefix = `batch-${contentType}`;
      const [first, second, earlier] = synthetic(3, prefix);
      const known = await post(url, JSON.stringify(earlier), { 'content-type': STRUCTURED });
      const invalid = event('message.received', `${prefix}-invalid`, { channel: 'pigeon', body: 'SECRET-TEXT' });
      const append = jest.spyOn(running.store, 'append');
      try {
        const body = [first, invalid, second, earlier, first, 42];
        const response = await post(url, JSON.stringify(body), { 'content-type': contentType });

        expect(response.status).toBe(200);
        const position = (index: number) => response.body.results[index].position;
        expect(response.body).toEqual({
          accepted: 2,
          duplicates: 2,
          rejected: 2,
          results: [
            { index: 0, id: first.id, status: 'accepted', position: expect.any(Number) },
            { index: 1, id: invalid.id, status: 'rejected', errors: [{ field: 'data.channel', message: expect.any(String) }] },
            { index: 2, id: second.id, status: 'accepted', position: position(0) + 1 },
            { index: 3, id: earlier.id, status: 'duplicate', position: known.body.results[0].position },
            { index: 4, id: first.id, status: 'duplicate', position: position(0) },
            { index: 5, status: 'rejected', errors: [{ field: '(event)', message: expect.stringContaining('must be a JSON object') }] },
          ],
        });
        expect(append).toHaveBeenCalledTimes(1);
        expect(append.mock.calls[0][0].map((each) => each.id)).toEqual([first.id, second.id, earlier.id, first.id]);
      } finally {
        append.mockRestore();
      }
      const stored = await storedEvents(running.store);
      expect([first.id, second.id, earlier.id].every((id) => stored.has(id))).toBe(true);
      expect(stored.has(invalid.id)).toBe(false);
      expect(running.logs.join('\n')).not.toContain('SECRET-TEXT');
    });

    it('answers an empty batch with zero counts', async () => {
      expect(await post(url, '[]', { 'content-type': BATCH })).toMatchObject({
        status: 200,
        body: { accepted: 0, duplicates: 0, rejected: 0, results: [] },
      });
    });

    // Each of these was acknowledged, or cost its neighbours, before the parser became the wall (issue 11).
    it.each<[string, () => unknown, string, RegExp]>([
      [
        'an unknown field nested 4,400 levels deep',
        // As text: no JavaScript object this deep can be stringified here (the test's own stack would overflow).
        () =>
          JSON.stringify(event('session.ended', 'hostile-deep')).replace(
            '"data":{',
            `"data":{"extra":${'{"a":'.repeat(4400)}1${'}'.repeat(4400)},`,
          ),
        'data.extra',
        /deeper than 32 levels/,
      ],
      [
        'a transcript segment that is an array',
        () => event('call.transcript.completed', 'hostile-segment', { segments: [[]] }),
        'data.segments',
        /item 0 is an array/,
      ],
      ['a NUL in the workspace', () => event('session.ended', 'hostile-nul', { workspaceId: 'ws\u0000' }), 'data.workspaceId', /NUL/],
      [
        'a lone surrogate in the workspace',
        () => event('session.ended', 'hostile-surrogate', { workspaceId: 'ws\ud800' }),
        'data.workspaceId',
        /unpaired surrogate/,
      ],
    ])('rejects %s by itself, naming the field, and stores its neighbours', async (_case, hostile, field, message) => {
      const [before, after] = synthetic(2, `hostile-${field}-${String(message)}`);
      const built = hostile();
      const text = typeof built === 'string' ? built : JSON.stringify(built);
      const response = await post(url, `[${JSON.stringify(before)},${text},${JSON.stringify(after)}]`, { 'content-type': BATCH });

      expect(response.status).toBe(200);
      expect(response.body.results.map((result: { status: string }) => result.status)).toEqual(['accepted', 'rejected', 'accepted']);
      expect(response.body.results[1].errors).toEqual([{ field: expect.stringContaining(field), message: expect.stringMatching(message) }]);
      const stored = await storedEvents(running.store);
      expect([stored.has(before.id), stored.has(after.id)]).toEqual([true, true]);
    });

    it('rejects an event over 4 MiB by itself (from the parser) and stores the others', async () => {
      const [before, after] = synthetic(2, 'oversized');
      const huge = event('session.ended', 'oversized-huge', { endedBy: 'x'.repeat(4 * 1024 * 1024) });
      const response = await post(url, JSON.stringify([before, huge, after]), { 'content-type': BATCH });

      expect(response.status).toBe(200);
      expect(response.body.results.map((result: { status: string }) => result.status)).toEqual(['accepted', 'rejected', 'accepted']);
      expect(response.body.results[1].errors).toEqual([
        { field: '(event)', message: expect.stringMatching(new RegExp(`the limit is ${HTTP_INGEST_LIMITS.eventBytes}$`)) },
      ]);
    });

    it.each([
      [HTTP_INGEST_LIMITS.batchEvents, 200],
      [HTTP_INGEST_LIMITS.batchEvents + 1, 413],
    ])('a batch of %i events: %i', async (count, status) => {
      const events = synthetic(count, `count-${count}`);
      const response = await post(url, JSON.stringify(events), { 'content-type': BATCH });

      expect(response.status).toBe(status);
      const stored = await storedEvents(running.store);
      if (status === 200) {
        expect(response.body).toMatchObject({ accepted: count, duplicates: 0, rejected: 0 });
        expect(events.every((each) => stored.has(each.id))).toBe(true);
      } else {
        expect(response.body).toEqual(problem(413, 'TOO_MANY_EVENTS', expect.stringContaining('the limit is 1000 per request')));
        expect(events.some((each) => stored.has(each.id))).toBe(false);
      }
    });
  });

  describe('binary mode', () => {
    const headers = (id: string, overrides: Record<string, string> = {}) => ({
      'content-type': JSON_TYPE,
      'ce-specversion': '1.0',
      'ce-id': id,
      'ce-source': 'urn:pbx:lyon%20%C3%A9st',
      'ce-type': 'session.routed',
      'ce-time': '2026-03-01T10:04:00+01:00',
      'ce-tenant': 'acme',
      ...overrides,
    });

    it('stores the same event as its structured form (attributes from ce-* headers, data from the body)', async () => {
      const data = VALID_DATA['session.routed'];
      const response = await post(url, JSON.stringify(data), headers('binary-1'));

      expect(response.status).toBe(200);
      expect(response.body.results).toEqual([{ index: 0, id: 'binary-1', status: 'accepted', position: expect.any(Number) }]);
      const structured = {
        ...cloudEvent('session.routed', data, { id: 'binary-1', source: 'urn:pbx:lyon ést', time: '2026-03-01T10:04:00+01:00' }),
        tenant: 'acme',
      };
      const stored = (await storedEvents(running.store)).get('binary-1');
      expect(JSON.parse(stored!.payload)).toEqual(JSON.parse(JSON.stringify(normalised(structured))));
    });

    it('rejects a bad attribute header with 400 naming the attribute', async () => {
      const response = await post(url, JSON.stringify(VALID_DATA['session.routed']), headers('binary-2', { 'ce-time': 'yesterday' }));

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        rejected: 1,
        results: [{ index: 0, id: 'binary-2', status: 'rejected', errors: [{ field: 'time' }] }],
      });
    });
  });

  describe('refused requests', () => {
    it.each([
      ['text', 'not json', JSON_TYPE],
      ['truncated', '{"specversion":"1.0","id":', STRUCTURED],
      ['truncated batch', '[{"id":"a"},', BATCH],
      ['empty', '', JSON_TYPE],
      ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), JSON_TYPE],
    ])('%s body: 400 INVALID_JSON', async (_name, body, contentType) => {
      const response = await post(url, body, { 'content-type': contentType });
      expect(response).toMatchObject({ status: 400, body: problem(400, 'INVALID_JSON') });
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    });

    it.each([
      ['an array as one structured event', '[]', STRUCTURED],
      ['an object as a batch', JSON.stringify(event('session.ended', 'not-a-batch')), BATCH],
    ])('%s: 400 INVALID_BATCH', async (_name, body, contentType) => {
      expect(await post(url, body, { 'content-type': contentType })).toMatchObject({
        status: 400,
        body: problem(400, 'INVALID_BATCH'),
      });
    });

    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['application/xml', { 'content-type': 'application/xml' }],
      ['no content type', {}],
      ['a non-UTF-8 charset', { 'content-type': 'application/json; charset=latin1' }],
      ['gzip content encoding', { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' }],
      ['binary mode with non-JSON data', { 'content-type': 'text/plain', 'ce-specversion': '1.0', 'ce-id': 'x' }],
    ])('%s: 415 UNSUPPORTED_MEDIA_TYPE', async (_name, headers: Record<string, string>) => {
      const body = new TextEncoder().encode(JSON.stringify(event('session.ended', 'unsupported')));
      expect(await post(url, body, headers)).toMatchObject({ status: 415, body: problem(415, 'UNSUPPORTED_MEDIA_TYPE') });
    });
  });

  describe('request size', () => {
    /** A valid batch padded with JSON whitespace to exactly `bytes`. */
    const paddedBatch = (bytes: number, prefix: string) => {
      const events = synthetic(3, prefix);
      const text = `[${events.map((each) => JSON.stringify(each)).join(',')}`;
      return { events, body: Buffer.from(`${text}${' '.repeat(bytes - Buffer.byteLength(text) - 1)}]`) };
    };

    it.each([
      [LIMIT, 200],
      [LIMIT + 1, 413],
    ])('a body of %i bytes: %i (the limit is exact)', async (bytes, status) => {
      const { events, body } = paddedBatch(bytes, `size-${bytes}`);
      expect(body.byteLength).toBe(bytes);
      const response = await post(url, body, { 'content-type': BATCH });

      expect(response.status).toBe(status);
      if (status === 200) expect(response.body).toMatchObject({ accepted: 3 });
      else
        expect(response.body).toEqual(problem(413, 'PAYLOAD_TOO_LARGE', expect.stringContaining(`the limit is ${LIMIT} bytes (16 MiB)`)));
      expect((await storedEvents(running.store)).has(events[0].id)).toBe(status === 200);
    });

    it('refuses a chunked upload (no Content-Length) as soon as it passes 16 MiB, and keeps serving', async () => {
      const chunk = new Uint8Array(1024 * 1024).fill(0x20);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // A client that would send 64 MiB: the server stops reading after 16.
          if (sent >= 64) return controller.close();
          sent += 1;
          controller.enqueue(chunk);
        },
      });
      const response = await fetch(`${url}/v1/events`, { method: 'POST', body, headers: { 'content-type': BATCH }, duplex: 'half' });

      expect(response.status).toBe(413);
      expect(await response.json()).toEqual(problem(413, 'PAYLOAD_TOO_LARGE'));
      expect((await fetch(`${url}/health`)).status).toBe(200);
    });
  });
});

/** Another controller of the same app (issue 12 adds routes): the app's error filter is theirs too. */
@Controller('test')
class OtherRoutesController {
  @Get('boom')
  boom(): never {
    throw new Error('a bug, with a secret: /var/lib/hindsight.db');
  }

  @Post('conflict')
  conflict(): never {
    throw new ConflictException('already there');
  }

  @Get('contacts/:id')
  contact(): never {
    throw new NotFoundException('no contact c-1');
  }
}

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** Writes `request` as bytes on a new connection, reads until the server closes it. */
function rawExchange(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...body] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      try {
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body.join('\r\n\r\n')) });
      } catch {
        reject(new Error(`not an HTTP answer with a JSON body: ${JSON.stringify(text)}`));
      }
    });
  });
}

describe('every error of the HTTP app is RFC 9457 problem details', () => {
  let testStore: TestStore;
  let running: Running;
  let port: number;

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    running = await start(testStore.url, [OtherRoutesController]);
    port = Number(new URL(running.url).port);
  });
  afterAll(async () => {
    await running?.close();
    await testStore?.cleanup();
  });

  const get = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${running.url}${path}`, init);
    return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
  };

  it('an unknown route: 404 NOT_FOUND, as application/problem+json', async () => {
    const response = await get('/v1/nothing-here?x=1');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toEqual(problem(404, 'NOT_FOUND', 'no resource at /v1/nothing-here'));
  });

  it.each([
    ['GET', '/v1/events', 'POST'],
    ['PUT', '/v1/events', 'POST'],
    ['DELETE', '/health', 'GET, HEAD'],
    ['POST', '/health', 'GET, HEAD'],
  ])('a route asked with the wrong method (%s %s): 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, path, allow) => {
    const response = await get(path, { method });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toEqual(problem(405, 'METHOD_NOT_ALLOWED', `${path} does not accept ${method}; it accepts ${allow}`));
  });

  it("another controller's errors: a bug is a 500 that says nothing of it, framework exceptions keep their status", async () => {
    const bug = await get('/test/boom');
    expect(bug).toMatchObject({ status: 500, body: problem(500, 'INTERNAL_ERROR', 'internal error') });
    expect(JSON.stringify(bug.body)).not.toContain('secret');
    expect(running.logs.some((line) => line.includes('a bug, with a secret'))).toBe(true);

    expect(await get('/test/conflict', { method: 'POST' })).toMatchObject({ status: 409, body: problem(409, 'CONFLICT', 'already there') });
    // A handler's own 404 is not mistaken for an unknown route.
    expect(await get('/test/contacts/c-1')).toMatchObject({ status: 404, body: problem(404, 'NOT_FOUND', 'no contact c-1') });
  });

  it.each([
    ['a request line that is not HTTP', 'garbage\r\n\r\n'],
    ['a header name with a space', 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n'],
    [
      'a bad chunk size',
      'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    ],
  ])('%s (refused by Node before the app): 400 MALFORMED_REQUEST on the socket, then it closes', async (_name, request) => {
    const answer = await rawExchange(port, request);

    expect(answer.status).toBe(400);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/problem+json', connection: 'close' });
    expect(answer.body).toEqual(problem(400, 'MALFORMED_REQUEST', expect.stringMatching(/^the request is not valid HTTP\/1\.1: /)));
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });

  it('an HTTP/1.1 request without Host: 400 MALFORMED_REQUEST (not an empty 400)', async () => {
    const answer = await rawExchange(port, 'GET /health HTTP/1.1\r\n\r\n');

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(problem(400, 'MALFORMED_REQUEST', 'an HTTP/1.1 request must carry a Host header'));
  });

  it('an Expect other than 100-continue: 417 EXPECTATION_FAILED', async () => {
    const answer = await rawExchange(port, 'GET /health HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n');

    expect(answer.status).toBe(417);
    expect(answer.body).toEqual(problem(417, 'EXPECTATION_FAILED', 'Expect "teapot" is not supported; only 100-continue is'));
  });

  it(`headers past ${MAX_HEADER_BYTES} bytes: 431 HEADERS_TOO_LARGE on the socket, and the server keeps serving`, async () => {
    const answer = await rawExchange(port, `GET /health HTTP/1.1\r\nHost: x\r\nce-id: ${'a'.repeat(MAX_HEADER_BYTES)}\r\n\r\n`);

    expect(answer.status).toBe(431);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/problem+json', connection: 'close' });
    expect(answer.body).toEqual(problem(431, 'HEADERS_TOO_LARGE'));
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });

  it("a 20 KB ce-id (over Node's default 16 KiB of headers) reaches the parser, which rejects it by field", async () => {
    const response = await post(running.url, JSON.stringify(VALID_DATA['session.routed']), {
      'content-type': JSON_TYPE,
      'ce-specversion': '1.0',
      'ce-id': 'i'.repeat(20_000),
      'ce-source': 'urn:pbx:lyon',
      'ce-type': 'session.routed',
      'ce-time': '2026-03-01T10:04:00+01:00',
    });

    expect(response.status).toBe(400);
    // A rejected event is an outcome (results), not a problem.
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({
      rejected: 1,
      results: [{ index: 0, status: 'rejected', errors: [{ field: 'id', message: expect.stringContaining('256') }] }],
    });
  });
});

describe('POST /v1/events when the store is down', () => {
  it('answers 503 STORE_UNAVAILABLE with Retry-After (SQLite store closed under the app)', async () => {
    const testStore = await createTestStore('sqlite');
    const running = await start(testStore.url);
    try {
      await running.store.close();
      const response = await post(running.url, JSON.stringify(event('session.ended', 'store-down-1')), { 'content-type': STRUCTURED });

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body).toEqual(problem(503, 'STORE_UNAVAILABLE', expect.stringContaining('nothing of this request was stored')));
      // The SQLite path is logged for operators, not sent to clients.
      expect(response.body.detail).not.toContain(testStore.url.slice('sqlite:'.length));
      expect(running.logs.some((line) => line.includes('"code":"STORE_UNAVAILABLE"'))).toBe(true);
    } finally {
      await running.close();
      await testStore.cleanup();
    }
  });

  it('refuses to start when PostgreSQL is not reachable (the serve command reports it and exits)', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    await expect(start(`postgres://hindsight@127.0.0.1:${port}/hindsight`)).rejects.toMatchObject({
      name: 'EventStoreError',
      code: 'STORE_UNAVAILABLE',
    });
  });
});

describe("an app created with Nest's body parser (a wiring mistake)", () => {
  it('fails loudly (500, logged) instead of ingesting what the parser left', async () => {
    const testStore = await createTestStore('sqlite');
    const logs: string[] = [];
    const app = await NestFactory.create(rootModule(testStore.url, pino({ level: 'info' }, { write: (line: string) => logs.push(line) })), {
      logger: false,
    });
    try {
      const { port } = await listenHttp(app as NestExpressApplication, 0);
      const response = await post(`http://127.0.0.1:${port}`, JSON.stringify(event('session.ended', 'parsed-1')), {
        'content-type': JSON_TYPE,
      });
      expect(response).toMatchObject({ status: 500, body: problem(500, 'INTERNAL_ERROR', 'internal error') });
      expect(logs.join('\n')).toContain('bodyParser: false');
    } finally {
      await app.close();
      await testStore.cleanup();
    }
  });
});

describeWithPostgres('POST /v1/events over PostgreSQL', () => {
  it('stores an event, then answers 503 STORE_UNAVAILABLE once the database is gone', async () => {
    const database = await createTestDatabase();
    const running = await start(database.url);
    try {
      const ok = await post(running.url, JSON.stringify(event('session.ended', 'pg-1')), { 'content-type': STRUCTURED });
      expect(ok.body).toMatchObject({ accepted: 1, results: [{ id: 'pg-1', status: 'accepted', position: 1 }] });
      await database.drop();
      const down = await post(running.url, JSON.stringify(event('session.ended', 'pg-2')), { 'content-type': STRUCTURED });
      expect(down).toMatchObject({ status: 503, body: problem(503, 'STORE_UNAVAILABLE') });
      expect(down.headers.get('retry-after')).toBe('5');
    } finally {
      await running.close();
      await database.drop();
    }
  });
});
