/** @jest-environment node */
// Node's fetch, Response, ReadableStream and TextDecoderStream are the WHATWG ones the browser has; jsdom under Jest has none of them.
import { ApiProblem } from './api-problem.errors';
import { contactUpdateOf, HttpDesktopApi, reconnectDelay } from './desktop-api.client';
import type { UpdateHandlers } from './desktop-api.port';
import type { ContactUpdate, SessionCard } from './desktop-api.types';

describe('reconnectDelay', () => {
  it.each<[number, number, number]>([
    [0, 0.5, 1_000],
    [0, 0, 750],
    [0, 1, 1_250],
    [1, 0.5, 2_000],
    [2, 0.5, 4_000],
    [4, 0.5, 16_000],
    [5, 0.5, 30_000],
    [5, 0, 24_000],
    [5, 1, 30_000],
    [50, 0.5, 30_000],
  ])('attempt %s, random %s: %s ms', (attempt, random, expected) => {
    expect(reconnectDelay(attempt, random)).toBe(expected);
  });
});

describe('contactUpdateOf', () => {
  const card: SessionCard = { sessionId: 's-1', colour: 'white', channelIcon: 'call', status: 'abandoned' };
  it.each<[string, string, string, ContactUpdate | undefined]>([
    ['a session card', 'session', JSON.stringify(card), { type: 'session', card }],
    ['a session with no id', 'session', '{"colour":"blue"}', undefined],
    [
      'an interaction',
      'interaction',
      '{"interactionId":"i-1","inboxId":"sales","occurredAt":"2026-03-01T10:00:00Z"}',
      { type: 'interaction', interactionId: 'i-1', inboxId: 'sales', occurredAt: '2026-03-01T10:00:00Z' },
    ],
    [
      'an interaction, its optional fields not strings',
      'interaction',
      '{"interactionId":"i-1","inboxId":7,"occurredAt":null}',
      { type: 'interaction', interactionId: 'i-1' },
    ],
    ['an interaction with no id', 'interaction', '{"inboxId":"sales"}', undefined],
    ['a reset', 'reset', '{}', { type: 'reset' }],
    ['a ping is dropped', 'ping', '{}', undefined],
    ['an unknown event is dropped', 'message', '{"sessionId":"s-1"}', undefined],
    ['data that is not JSON', 'session', 'not json', undefined],
    ['data that is null', 'reset', 'null', undefined],
    ['data that is a string', 'reset', '"reset"', undefined],
  ])('%s', (_case, event, data, expected) => {
    expect(contactUpdateOf({ event, data })).toEqual(expected);
  });
});

describe('HttpDesktopApi', () => {
  interface Call {
    url: string;
    init: RequestInit;
  }
  const problemJson = (status: number, body: object): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
  const json = (body: unknown): Response =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

  /** A fetch that records its calls and answers each with the next response (or throws it). */
  const fakeFetch = (...answers: (Response | Error | (() => Response))[]) => {
    const calls: Call[] = [];
    const fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      calls.push({ url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init: init ?? {} });
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return typeof answer === 'function' ? answer() : answer;
    });
    return { fetch, calls };
  };
  const apiWith = (fetch: typeof globalThis.fetch, workspaceId = 'acme') => {
    const onUnauthenticated = jest.fn();
    return { api: new HttpDesktopApi({ token: 'tok.en.value', workspaceId, onUnauthenticated, fetch }), onUnauthenticated };
  };
  const headersOf = (call: Call): Record<string, string> => call.init.headers as Record<string, string>;

  it('sends the token as a Bearer header, never in the URL', async () => {
    const { fetch, calls } = fakeFetch(json({ name: 'Alice' }));
    await apiWith(fetch).api.me();
    expect(calls[0].url).toBe('/v1/workspaces/acme/me');
    expect(headersOf(calls[0])).toMatchObject({ authorization: 'Bearer tok.en.value', accept: 'application/json' });
    expect(calls[0].init.method).toBe('GET');
  });

  it.each<[string, string, string]>([
    ['an E.164 number: its + is escaped', '+33612340000', '/v1/workspaces/acme/contacts/%2B33612340000/sessions'],
    ['an e-mail', 'a@b.fr', '/v1/workspaces/acme/contacts/a%40b.fr/sessions'],
    ['a contactId with a slash', 'c/42', '/v1/workspaces/acme/contacts/c%2F42/sessions'],
  ])('URL-encodes the contact: %s', async (_case, contact, url) => {
    const { fetch, calls } = fakeFetch(json({ sessions: [] }));
    await apiWith(fetch).api.sessions(contact);
    expect(calls[0].url).toBe(url);
  });

  it('URL-encodes the workspace', async () => {
    const { fetch, calls } = fakeFetch(json({ items: [] }));
    await apiWith(fetch, 'acme/eu 1').api.timeline('+33612340000', 'cursor/2=');
    expect(calls[0].url).toBe('/v1/workspaces/acme%2Feu%201/contacts/%2B33612340000/timeline?cursor=cursor%2F2%3D');
  });

  it('reads the sessions out of their envelope', async () => {
    const cards: SessionCard[] = [{ sessionId: 's-1', colour: 'blue', channelIcon: 'call', status: 'connected' }];
    const { fetch } = fakeFetch(json({ sessions: cards }));
    await expect(apiWith(fetch).api.sessions('c-42')).resolves.toEqual(cards);
  });

  it('posts the conversation to generate from as JSON', async () => {
    const { fetch, calls } = fakeFetch(json({ conversationId: 'conv-1' }));
    await apiWith(fetch).api.generate('+33612340000', 'conv-1');
    expect(calls[0].url).toBe('/v1/workspaces/acme/contacts/%2B33612340000/insights');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.body).toBe('{"conversationId":"conv-1"}');
    expect(headersOf(calls[0])).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer tok.en.value' });
  });

  it('no insights yet (404 NO_INSIGHTS) is null, not an error', async () => {
    const { fetch } = fakeFetch(problemJson(404, { code: 'NO_INSIGHTS', detail: 'none yet' }));
    await expect(apiWith(fetch).api.insights('c-42')).resolves.toBeNull();
  });

  it('another 404 on insights is still an error', async () => {
    const { fetch } = fakeFetch(problemJson(404, { code: 'CONTACT_NOT_VISIBLE', detail: 'no' }));
    await expect(apiWith(fetch).api.insights('c-42')).rejects.toMatchObject({ status: 404, code: 'CONTACT_NOT_VISIBLE' });
  });

  it('a problem+json answer is an ApiProblem with its code and detail', async () => {
    const { fetch } = fakeFetch(problemJson(403, { code: 'LICENCE_REQUIRED', detail: 'needs AI Assist Pro', title: 'Forbidden' }));
    const error: unknown = await apiWith(fetch)
      .api.generate('c-42', 'conv-1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 403, code: 'LICENCE_REQUIRED', detail: 'needs AI Assist Pro' });
  });

  it("a body that is not JSON (a proxy's page) is a problem with the status", async () => {
    const { fetch } = fakeFetch(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    await expect(apiWith(fetch).api.me()).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });

  it('a 401 signs out, and the call still fails', async () => {
    const { fetch } = fakeFetch(problemJson(401, { code: 'TOKEN_EXPIRED', detail: 'expired' }));
    const { api, onUnauthenticated } = apiWith(fetch);
    await expect(api.me()).rejects.toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    expect(onUnauthenticated.mock.calls[0][0]).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
  });

  it('a 403 does not sign out', async () => {
    const { fetch } = fakeFetch(problemJson(403, { code: 'LICENCE_REQUIRED' }));
    const { api, onUnauthenticated } = apiWith(fetch);
    await expect(api.generate('c-42', 'conv-1')).rejects.toBeInstanceOf(ApiProblem);
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('a network failure is an ApiProblem of status 0, code NETWORK', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
    const error: unknown = await apiWith(fetch)
      .api.sessions('c-42')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK', detail: 'Failed to fetch' });
  });

  describe('updates', () => {
    /** A text/event-stream body that yields each chunk as its own read, as a network would. */
    const eventStream = (chunks: string[], { end = true } = {}): Response => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
          if (end) controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    const recordingHandlers = () => {
      const seen: string[] = [];
      const updates: ContactUpdate[] = [];
      const handlers: UpdateHandlers = {
        onUpdate: (update) => {
          seen.push(`update:${update.type}`);
          updates.push(update);
        },
        onConnected: () => seen.push('connected'),
        onDisconnected: () => seen.push('disconnected'),
        onRefused: (error) => seen.push(`refused:${error instanceof ApiProblem ? error.code : String(error)}`),
      };
      return { handlers, seen, updates };
    };
    // Every stream a test opens is closed after it, even when an assertion failed first: a loop left reconnecting would keep Jest running.
    const opened: AbortController[] = [];
    const streamAbort = (): AbortController => {
      const abort = new AbortController();
      opened.push(abort);
      return abort;
    };
    afterEach(() => {
      for (const abort of opened.splice(0)) abort.abort();
    });
    const until = async (condition: () => boolean): Promise<void> => {
      for (let tries = 0; !condition(); tries += 1) {
        if (tries > 200) throw new Error('timed out waiting');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };

    it('reads the stream in chunks: onConnected, then each update in order', async () => {
      const abandoned: SessionCard = { sessionId: 's-1', colour: 'white', channelIcon: 'call', status: 'abandoned', inboxId: 'sales' };
      const text = [
        ': connected\n\n',
        `id: 1\nevent: session\ndata: ${JSON.stringify(abandoned)}\n\n`,
        'event: ping\ndata: {}\n\n',
        'id: 2\nevent: interaction\ndata: {"interactionId":"i-9","inboxId":"sales","occurredAt":"2026-03-01T10:00:00Z"}\n\n',
        'id: 3\nevent: reset\ndata: {}\n\n',
      ].join('');
      // Cut inside the comment, inside a field name, inside the JSON and between the two line ends of an event.
      const cuts = [
        text.indexOf('nected'),
        text.indexOf('ent: session'),
        text.indexOf('"colour"'),
        text.indexOf('}\n\nevent: ping') + 2,
        text.indexOf('reset'),
      ];
      const chunks = [0, ...cuts].map((start, index) => text.slice(start, [...cuts, text.length][index]));
      expect(chunks.join('')).toBe(text);
      expect(chunks[3].endsWith('}\n')).toBe(true);
      const { fetch, calls } = fakeFetch(eventStream(chunks, { end: false }));
      const { handlers, seen, updates } = recordingHandlers();
      const abort = streamAbort();
      apiWith(fetch).api.updates('+33612340000', handlers, abort.signal);
      await until(() => updates.length === 3);
      abort.abort();
      expect(calls[0].url).toBe('/v1/workspaces/acme/contacts/%2B33612340000/updates');
      expect(headersOf(calls[0])).toMatchObject({ authorization: 'Bearer tok.en.value', accept: 'text/event-stream' });
      expect(calls[0].init.signal).toBe(abort.signal);
      expect(seen).toEqual(['connected', 'update:session', 'update:interaction', 'update:reset']);
      expect(updates).toEqual([
        { type: 'session', card: abandoned },
        { type: 'interaction', interactionId: 'i-9', inboxId: 'sales', occurredAt: '2026-03-01T10:00:00Z' },
        { type: 'reset' },
      ]);
    });

    it('decodes UTF-8 split between two reads', async () => {
      const bytes = new TextEncoder().encode('event: session\ndata: {"sessionId":"s-1","agent":"Élodie"}\n\n');
      const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "É"
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, cut));
          controller.enqueue(bytes.slice(cut));
        },
      });
      const { fetch } = fakeFetch(new Response(body));
      const { handlers, updates } = recordingHandlers();
      const abort = streamAbort();
      apiWith(fetch).api.updates('c-42', handlers, abort.signal);
      await until(() => updates.length === 1);
      abort.abort();
      expect(updates).toEqual([{ type: 'session', card: { sessionId: 's-1', agent: 'Élodie' } }]);
    });

    it.each<[number, string]>([
      [403, 'LICENCE_REQUIRED'],
      [400, 'INVALID_CONTACT'],
    ])('a %s calls onRefused and does not retry', async (status, code) => {
      const { fetch } = fakeFetch(problemJson(status, { code, detail: 'no' }), eventStream([]));
      const { handlers, seen } = recordingHandlers();
      const abort = streamAbort();
      apiWith(fetch).api.updates('c-42', handlers, abort.signal);
      await until(() => seen.length > 0);
      // Long enough for a retry's first delay to be scheduled if there were one.
      await new Promise((resolve) => setTimeout(resolve, 50));
      abort.abort();
      expect(seen).toEqual([`refused:${code}`]);
      expect(fetch).toHaveBeenCalledTimes(1);
    });

    it('a 401 refuses the stream and signs out', async () => {
      const { fetch } = fakeFetch(problemJson(401, { code: 'TOKEN_EXPIRED' }));
      const { handlers, seen } = recordingHandlers();
      const { api, onUnauthenticated } = apiWith(fetch);
      api.updates('c-42', handlers, streamAbort().signal);
      await until(() => seen.length > 0);
      expect(seen).toEqual(['refused:TOKEN_EXPIRED']);
      expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    });

    it('an outage or a stream that ends reconnects after a delay, and connects again', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        const { fetch } = fakeFetch(
          problemJson(503, { code: 'STORE_UNAVAILABLE' }),
          eventStream(['data: {}\n\n']),
          eventStream([], { end: false }),
        );
        const { handlers, seen } = recordingHandlers();
        const abort = streamAbort();
        apiWith(fetch).api.updates('c-42', handlers, abort.signal);
        await jest.advanceTimersByTimeAsync(0);
        expect(seen).toEqual(['disconnected']);
        await jest.advanceTimersByTimeAsync(1_250); // attempt 0: at most 1.25 s
        expect(seen).toEqual(['disconnected', 'connected', 'disconnected']);
        await jest.advanceTimersByTimeAsync(1_250); // a connection resets the attempts: again at most 1.25 s
        expect(seen).toEqual(['disconnected', 'connected', 'disconnected', 'connected']);
        abort.abort();
        await jest.advanceTimersByTimeAsync(60_000);
        expect(fetch).toHaveBeenCalledTimes(3);
      } finally {
        jest.useRealTimers();
      }
    });

    it('stops when aborted while waiting to reconnect', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      try {
        const { fetch } = fakeFetch(new TypeError('Failed to fetch'), eventStream([]));
        const { handlers, seen } = recordingHandlers();
        const abort = streamAbort();
        apiWith(fetch).api.updates('c-42', handlers, abort.signal);
        await jest.advanceTimersByTimeAsync(0);
        abort.abort();
        await jest.advanceTimersByTimeAsync(60_000);
        expect(seen).toEqual(['disconnected']);
        expect(fetch).toHaveBeenCalledTimes(1);
      } finally {
        jest.useRealTimers();
      }
    });
  });
});
