import { type DynamicModule, Module } from '@nestjs/common';
import fc from 'fast-check';
import pino from 'pino';
import { ConfigModule, loadConfig } from '@app/config';
import { EVENT_STORE, type EventStore, EventStoreModule } from '@app/event-store';
import { parseEvent } from '@app/events';
import { cloudEvent } from '@app/events/testing/event.fixtures';
import type { Logger } from '@app/observability';
import { createHttpApp, HttpIngestModule, listenHttp } from '../../apps/hindsight/src/http';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';
import { problemCodeOf, isJsonMediaType } from './support/fuzz-checks';
import { type FuzzRequest, fuzzRequest, rawRequest, sendRaw, STRUCTURED } from './support/fuzz-http';
import { fuzzParameters, fuzzTimeout } from './support/fuzz-parameters';

/**
 * `POST /v1/events` on a real server (the composition `serve` uses: configuration, event store, HTTP
 * ingest, on a real port) under fuzzed requests (issue 11): structured, batch and binary mode, fuzzed
 * `ce-*` headers and media types, raw bytes, and raw HTTP/1.1 with malformed framing. The server never
 * answers 5xx (the store is up: no 503 here), every answer is JSON (an error with its code, today's
 * `{ error: { code } }` or a problem details `{ code }`), every event the parser accepts is stored even
 * among bad neighbours, and the server still answers a valid request afterwards.
 */

@Module({})
class HttpFuzzModule {}

const rootModule = (store: string, logger: Logger): DynamicModule => ({
  module: HttpFuzzModule,
  imports: [ConfigModule.forRoot(loadConfig({}, { store })), EventStoreModule.forRoot(), HttpIngestModule.register({ logger })],
});

interface Running {
  readonly url: string;
  readonly port: number;
  readonly store: EventStore;
  /** Server errors the endpoint logged, to explain a 5xx. */
  readonly errors: string[];
  close(): Promise<void>;
}

async function start(storeUrl: string): Promise<Running> {
  const errors: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => errors.push(line) });
  const app = await createHttpApp(rootModule(storeUrl, logger));
  const address = await listenHttp(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    store: app.get<EventStore>(EVENT_STORE),
    errors,
    close: () => app.close(),
  };
}

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

async function send(url: string, request: FuzzRequest): Promise<Answer> {
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: [...request.headers] as Array<[string, string]>,
    body: request.body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

interface EventResult {
  readonly index: number;
  readonly id?: string;
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  readonly position?: number;
  readonly errors?: unknown[];
}

/** Throws with the reason when the answer breaks a property; `events` are what was sent, when known. */
async function checkAnswer(running: Running, request: FuzzRequest, answer: Answer): Promise<void> {
  if (answer.status >= 500)
    throw new Error(`answered ${answer.status}: ${answer.text.slice(0, 500)}\nserver log: ${running.errors.slice(-3).join('')}`);
  if (!isJsonMediaType(answer.contentType))
    throw new Error(`answered ${answer.status} as ${answer.contentType}: ${JSON.stringify(answer.text.slice(0, 300))}`);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw new Error(`answered ${answer.status} with a body that is not JSON: ${JSON.stringify(answer.text.slice(0, 300))}`);
  }
  const results = (body as { results?: EventResult[] }).results;
  if (!Array.isArray(results)) {
    if (answer.status < 400) throw new Error(`answered ${answer.status} without results: ${answer.text.slice(0, 300)}`);
    if (!problemCodeOf(body))
      throw new Error(`error ${answer.status} that is not problem details with a code: ${answer.text.slice(0, 300)}`);
    return;
  }
  // A structured request as application/json whose body is an array is a batch: its elements are not known here.
  const events =
    request.mode === 'batch' || (request.mode === 'structured' && !isJsonArray(request.events![0].text)) ? request.events : undefined;
  if (events && results.length !== events.length) throw new Error(`${results.length} results for ${events.length} events`);
  for (const [index, result] of results.entries()) {
    if (result.index !== index) throw new Error(`result ${index} has index ${result.index}`);
    const sent = events?.[index];
    // Every event the parser accepts is stored, whatever its neighbours.
    const parsed = sent === undefined ? undefined : parseEvent(sent.text);
    if (parsed?.ok && result.status === 'rejected') {
      throw new Error(
        `event ${index} (${sent!.kind} ${sent!.type ?? ''}), accepted by the parser, was rejected: ${JSON.stringify(result.errors)}`,
      );
    }
    if (parsed && !parsed.ok && result.status !== 'rejected')
      throw new Error(`event ${index}, rejected by the parser, was ${result.status}`);
    if (result.status === 'rejected') {
      if (!Array.isArray(result.errors) || result.errors.length === 0) throw new Error(`event ${index} rejected without field errors`);
      continue;
    }
    const page = await running.store.read({ fromPosition: result.position!, limit: 1 });
    const stored = page.events[0];
    if (stored?.position !== result.position || stored.eventId !== result.id) {
      throw new Error(`event ${index} ${result.status} at ${result.position}, where the store has ${stored?.eventId ?? 'nothing'}`);
    }
  }
  const single = request.mode === 'binary' || (request.mode === 'structured' && events !== undefined);
  if (single && results[0].status === 'rejected' && answer.status !== 400)
    throw new Error(`a rejected single event answered ${answer.status}`);
  if (results.some((result) => result.status !== 'rejected') && answer.status !== 200)
    throw new Error(`stored events answered ${answer.status}`);
}

const RUNS = { requests: 300, raw: 150 };

describe.each(TEST_ENGINES())('POST /v1/events under fuzzed requests, on %s (fast-check)', (engine) => {
  let store: TestStore;
  let running: Running;

  beforeAll(async () => {
    store = await createTestStore(engine);
    running = await start(store.url);
  });
  afterAll(async () => {
    await running?.close();
    await store?.cleanup();
  });

  it(
    'never answers 5xx, always JSON, stores every event the parser accepts (batch neighbours too), then still serves',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.limitShrink(fuzzRequest, 300), async (request) =>
          checkAnswer(running, request, await send(running.url, request)),
        ),
        fuzzParameters(RUNS.requests, { timeout: 20_000 }),
      );
      const event = cloudEvent('session.ended', undefined, { id: `after-fuzz-${engine}-${Date.now()}` });
      const response = await fetch(`${running.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': STRUCTURED },
        body: JSON.stringify(event),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ accepted: 1, results: [{ id: event.id, status: 'accepted' }] });
    },
    fuzzTimeout(RUNS.requests, 200),
  );

  if (engine === 'sqlite') {
    it(
      'answers raw HTTP/1.1 with malformed framing, odd methods and paths, and oversized headers with JSON errors, never 5xx',
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.limitShrink(rawRequest, 300), async (request) => {
            const response = await sendRaw(running.port, request.bytes);
            // A connection the server closes without a word is allowed (nothing to answer in some framings).
            if (response === undefined) return;
            if (response.status >= 500) throw new Error(`answered ${response.status}: ${response.body.slice(0, 300)}`);
            if (response.status < 400) return;
            if (!isJsonMediaType(response.headers['content-type'])) {
              throw new Error(
                `answered ${response.status} as ${response.headers['content-type'] ?? 'no content type'}: ${JSON.stringify(response.body.slice(0, 200))}`,
              );
            }
            let body: unknown;
            try {
              body = JSON.parse(response.body);
            } catch {
              throw new Error(`answered ${response.status} with a body that is not JSON: ${JSON.stringify(response.body.slice(0, 200))}`);
            }
            if (!problemCodeOf(body) && !Array.isArray((body as { results?: unknown }).results)) {
              throw new Error(`error ${response.status} that is not problem details with a code: ${response.body.slice(0, 300)}`);
            }
          }),
          fuzzParameters(RUNS.raw, { timeout: 20_000 }),
        );
        const health = await fetch(`${running.url}/health`);
        expect(health.status).toBe(200);
      },
      fuzzTimeout(RUNS.raw, 200),
    );
  }
});
