import type { ChildProcess } from 'node:child_process';
import { SignJWT } from 'jose';
import { finished, readyLine, startCli } from '../support/cli';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const SECRET = 'insights-e2e-secret-that-is-long-enough-for-hs256';
const WS = 'acme';
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function token(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));
}

let sequence = 0;
const event = (type: string, time: string, data: Record<string, unknown>) => ({
  specversion: '1.0',
  id: `e2e-${++sequence}`,
  source: 'urn:test',
  type,
  time,
  datacontenttype: 'application/json',
  data: { workspaceId: WS, ...data },
});

const FRENCH_CALLER = { contactId: 'c-fr', phone: '+33612340000' };
/** An SMS from the French caller to the support inbox, now. */
const supportSms = (messageId: string, conversationId: string, body: string) =>
  event('message.received', ago(0), { messageId, conversationId, inboxId: 'support', contact: FRENCH_CALLER, channel: 'sms', body });
const TEXT_ONLY_CALLER = { phone: '+33699990000' };

function seed(insightsEnabled = true) {
  return [
    event('workspace.configured', ago(30), { insightsEnabled }),
    event('inbox.configured', ago(30), {
      inboxId: 'support',
      name: 'Support',
      phoneNumber: '+33170000000',
      language: 'fr-FR',
      historyEnabled: true,
    }),
    event('inbox.configured', ago(30), {
      inboxId: 'sales',
      name: 'Ventes',
      phoneNumber: '+33170000001',
      language: 'fr-FR',
      historyEnabled: true,
    }),
    event('user.configured', ago(30), {
      userId: 'alice',
      name: 'Alice',
      licenses: ['ai_assist_pro'],
      inboxIds: ['support'],
      role: 'agent',
    }),
    event('user.configured', ago(30), { userId: 'bob', name: 'Bob', licenses: [], inboxIds: ['support'], role: 'agent' }),
    event('user.configured', ago(30), { userId: 'carol', name: 'Carol', licenses: ['ai_assist_pro'], inboxIds: ['sales'], role: 'agent' }),
    event('contact.identified', ago(30), { contactId: 'c-fr', phone: '+33612340000', name: 'Élodie' }),
    event('session.routed', ago(10), {
      sessionId: 's-1',
      conversationId: 'conv-1',
      inboxId: 'support',
      channel: 'call',
      direction: 'inbound',
      queueId: 'q-1',
      queueName: 'Support',
      contact: FRENCH_CALLER,
    }),
    event('session.connected', ago(10), { sessionId: 's-1', agent: { id: 'alice', name: 'Alice' } }),
    event('call.completed', ago(10), {
      callId: 'call-1',
      conversationId: 'conv-1',
      inboxId: 'support',
      contact: FRENCH_CALLER,
      direction: 'inbound',
      status: 'answered',
      startedAt: ago(10),
      endedAt: ago(10),
      handledBy: { kind: 'user', id: 'alice', name: 'Alice' },
    }),
    event('call.transcript.completed', ago(10), {
      callId: 'call-1',
      language: 'fr-FR',
      segments: [
        { speaker: 'contact', text: 'Bonjour, mon colis n’est toujours pas arrivé, la livraison était prévue lundi.', offsetMs: 0 },
        { speaker: 'user', text: 'Je regarde, le transporteur indique un retard de deux jours.', offsetMs: 4000 },
        { speaker: 'contact', text: 'Pouvez-vous me rappeler quand le colis sera livré ?', offsetMs: 9000 },
      ],
    }),
    event('call.summary.completed', ago(10), {
      callId: 'call-1',
      summary: 'Colis en retard de deux jours chez le transporteur.',
      nextSteps: ['Rappeler la cliente à la livraison'],
    }),
    event('message.received', ago(5), {
      messageId: 'sms-1',
      conversationId: 'conv-2',
      inboxId: 'sales',
      contact: FRENCH_CALLER,
      channel: 'sms',
      body: 'Le colis est arrivé, merci !',
    }),
    event('conversation.note.added', ago(5), { conversationId: 'conv-2', author: { id: 'alice' }, body: 'SECRET-NOTE: VIP' }),
    event('message.received', ago(3), {
      messageId: 'sms-9',
      conversationId: 'conv-9',
      inboxId: 'support',
      contact: TEXT_ONLY_CALLER,
      channel: 'sms',
      body: 'Bonjour',
    }),
  ];
}

describe.each(TEST_ENGINES())('the agent desktop API on a real serve (%s)', (engine) => {
  let store: TestStore;
  let server: ChildProcess;
  let base: string;
  let exited: Promise<{ code: number | null }>;
  const tokens: Record<string, string> = {};

  async function call(method: string, path: string, user: string | undefined, body?: unknown) {
    const headers: Record<string, string> = {};
    if (user) headers.authorization = `Bearer ${tokens[user]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are JSON, checked by value in each test
      body: text ? (JSON.parse(text) as Record<string, any>) : undefined,
    };
  }

  async function ingest(events: unknown[]) {
    const response = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${tokens.platform}` },
      body: JSON.stringify(events),
    });
    expect(response.status).toBe(200);
  }

  /** Projection is asynchronous: waits until `check` holds (10 s at most). */
  async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
    for (let waited = 0; waited < 10_000; waited += 100) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error('never happened');
  }

  const contactPath = (contact: string) => `/v1/workspaces/${WS}/contacts/${encodeURIComponent(contact)}`;

  beforeAll(async () => {
    store = await createTestStore(engine);
    server = startCli(['serve', '--store', store.url, '--grpc-port', '0', '--http-port', '0'], { HINDSIGHT_JWT_SECRET: SECRET });
    exited = finished(server);
    base = (await readyLine(server)).http;
    for (const user of ['alice', 'bob', 'carol']) tokens[user] = await token({ sub: user, ws: WS });
    tokens.other = await token({ sub: 'alice', ws: 'another-workspace' });
    tokens.platform = await token({ sub: 'platform', scope: 'events:write' });
    await ingest(seed());
    await eventually(async () =>
      (await call('GET', `${contactPath('+33612340000')}/timeline`, 'alice')).body?.items?.length === 1 ? true : undefined,
    );
  }, 60_000);
  afterAll(async () => {
    if (server?.exitCode === null) server.kill('SIGKILL');
    await store?.cleanup();
  });

  it('says there are no insights yet (404 NO_INSIGHTS, problem details)', async () => {
    const answer = await call('GET', `${contactPath('c-fr')}/insights`, 'alice');
    expect(answer).toMatchObject({
      status: 404,
      contentType: expect.stringContaining('application/problem+json'),
      body: { code: 'NO_INSIGHTS', status: 404 },
    });
  });

  it('generates insights (201) with computed facts, sourced statements and the transcripts language, never internal notes', async () => {
    const answer = await call('POST', `${contactPath('+33 6 12 34 00 00')}/insights`, 'alice', { conversationId: 'conv-1' });
    expect(answer.status).toBe(201);
    const insights = answer.body!;
    expect(insights).toMatchObject({
      workspaceId: WS,
      contact: { contactId: 'c-fr', phones: ['+33612340000'], emails: [] },
      generatedBy: { userId: 'alice', name: 'Alice' },
      conversationId: 'conv-1',
      scope: 'all',
      language: 'fr-FR',
      generator: { kind: 'builtin' },
      facts: {
        lastInteraction: { interactionId: 'sms-1', channel: 'sms', direction: 'inbound' },
        interactionCount: 2,
        byChannel: { call: 1, voicemail: 0, sms: 1, whatsapp: 0 },
      },
      stale: false,
      newerInteractions: 0,
    });
    expect(insights.sources.map((source: { interactionId: string }) => source.interactionId).sort()).toEqual(['call-1', 'sms-1']);
    const cited = [...insights.topics, ...insights.summary, ...(insights.nextStep ? [insights.nextStep] : [])].flatMap(
      (each) => each.sources,
    );
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((id: string) => ['call-1', 'sms-1'].includes(id))).toBe(true);
    expect(JSON.stringify(insights)).not.toContain('SECRET-NOTE');
  });

  it('reads the current insights by contactId or phone, and as of an instant from the log', async () => {
    const byId = await eventually(async () => {
      const answer = await call('GET', `${contactPath('c-fr')}/insights`, 'alice');
      return answer.status === 200 ? answer : undefined;
    });
    const byPhone = await call('GET', `${contactPath('+33612340000')}/insights`, 'bob');
    expect(byPhone.body).toEqual(byId.body);
    const before = await call('GET', `${contactPath('c-fr')}/insights?at=${encodeURIComponent(ago(1))}`, 'alice');
    expect(before.body).toMatchObject({ code: 'NO_INSIGHTS' });
    const then = await call(
      'GET',
      `${contactPath('c-fr')}/insights?at=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`,
      'alice',
    );
    expect(then.body?.generatedAt).toBe(byId.body?.generatedAt);
  });

  it('is stale once a newer eligible interaction arrives, and a new generation replaces the old one', async () => {
    const first = (await call('GET', `${contactPath('c-fr')}/insights`, 'alice')).body!;
    await ingest([
      event('message.received', new Date().toISOString(), {
        messageId: 'wa-1',
        conversationId: 'conv-3',
        inboxId: 'support',
        contact: FRENCH_CALLER,
        channel: 'whatsapp',
        body: 'Une autre question',
      }),
    ]);
    const stale = await eventually(async () => {
      const answer = await call('GET', `${contactPath('c-fr')}/insights`, 'alice');
      return answer.body?.stale ? answer.body : undefined;
    });
    expect(stale).toMatchObject({ stale: true, newerInteractions: 1, generatedAt: first.generatedAt });
    const again = await call('POST', `${contactPath('c-fr')}/insights`, 'alice', { conversationId: 'conv-1' });
    expect(again.body).toMatchObject({ stale: false, facts: { interactionCount: 3 } });
    const current = await eventually(async () => {
      const answer = await call('GET', `${contactPath('c-fr')}/insights`, 'alice');
      return answer.body?.generatedAt === again.body?.generatedAt ? answer.body : undefined;
    });
    expect(current.facts.interactionCount).toBe(3);
  });

  it.each<[string, string, string, unknown, number, string]>([
    ['without a licence', 'bob', 'c-fr', { conversationId: 'conv-1' }, 403, 'LICENCE_REQUIRED'],
    [
      'from a conversation of an inbox the agent cannot see',
      'carol',
      'c-fr',
      { conversationId: 'conv-1' },
      403,
      'CONVERSATION_NOT_VISIBLE',
    ],
    ['from an unknown conversation', 'alice', 'c-fr', { conversationId: 'nope' }, 404, 'CONVERSATION_NOT_FOUND'],
    ['for a contact without a call transcript', 'alice', '+33699990000', { conversationId: 'conv-9' }, 422, 'NO_CALL_TRANSCRIPT'],
    ['with a bad scope', 'alice', 'c-fr', { conversationId: 'conv-1', scope: 'everything' }, 400, 'INVALID_INSIGHTS_REQUEST'],
    ['without a conversation', 'alice', 'c-fr', {}, 400, 'INVALID_INSIGHTS_REQUEST'],
    ['with a token of another workspace', 'other', 'c-fr', { conversationId: 'conv-1' }, 403, 'WORKSPACE_FORBIDDEN'],
  ])('refuses to generate %s', async (_case, user, contact, body, status, code) => {
    const answer = await call('POST', `${contactPath(contact)}/insights`, user, body);
    expect(answer).toMatchObject({ status, contentType: expect.stringContaining('application/problem+json'), body: { status, code } });
  });

  it('says in words an agent understands why there is nothing to summarise', async () => {
    const answer = await call('POST', `${contactPath('+33699990000')}/insights`, 'alice', { conversationId: 'conv-9' });
    expect(answer.body?.detail).toMatch(/no call with a transcript/);
  });

  it('refuses a request without a token (401, WWW-Authenticate)', async () => {
    const response = await fetch(`${base}${contactPath('c-fr')}/insights`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('pages the timeline newest first with a cursor, only in inboxes the agent may see', async () => {
    const first = await call('GET', `${contactPath('c-fr')}/timeline?limit=1`, 'alice');
    expect(first.body!.items.map((item: { interactionId: string }) => item.interactionId)).toEqual(['wa-1']);
    const second = await call('GET', `${contactPath('c-fr')}/timeline?limit=1&cursor=${first.body!.nextCursor}`, 'alice');
    expect(second.body).toMatchObject({ items: [{ interactionId: 'call-1', inboxId: 'support', inboxName: 'Support', kind: 'call' }] });
    expect(second.body!.nextCursor).toBeUndefined();
    // Alice cannot see the sales inbox: the SMS is not hers to see; Carol sees only it.
    const carol = await call('GET', `${contactPath('c-fr')}/timeline`, 'carol');
    expect(carol.body!.items.map((item: { interactionId: string }) => item.interactionId)).toEqual(['sms-1']);
    expect((await call('GET', `${contactPath('c-fr')}/timeline?limit=0`, 'alice')).status).toBe(400);
  });

  it('shows the session cards of the contact', async () => {
    const answer = await call('GET', `${contactPath('c-fr')}/sessions`, 'alice');
    expect(answer.body).toEqual({
      sessions: [
        expect.objectContaining({
          sessionId: 's-1',
          startedAt: expect.any(String) as string,
          conversationId: 'conv-1',
          inboxId: 'support',
          colour: 'blue',
          channelIcon: 'call',
          direction: 'inbound',
          queue: 'Support',
          agent: 'Alice',
          status: 'connected',
        }),
      ],
    });
  });

  it('finds a contact by e-mail (any case) once linked to it, and says what is not an e-mail', async () => {
    await ingest([event('contact.identified', ago(1), { contactId: 'c-fr', email: 'Elodie.Martin@Example.fr' })]);
    const byId = await call('GET', `${contactPath('c-fr')}/timeline`, 'alice');
    const byEmail = await eventually(async () => {
      const answer = await call('GET', `${contactPath('ELODIE.MARTIN@example.fr')}/timeline`, 'alice');
      return answer.body?.items?.length ? answer : undefined;
    });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toEqual(byId.body);
    const invalid = await call('GET', `${contactPath('elodie@nowhere')}/timeline`, 'alice');
    expect(invalid).toMatchObject({
      status: 400,
      body: { code: 'INVALID_CONTACT', detail: expect.stringMatching(/not an e-mail address/) as string },
    });
  });

  /** Opens the contact's event stream as the desktop does (fetch: EventSource cannot send a token) and collects its events. */
  async function openUpdates(contact: string, user: string) {
    const abort = new AbortController();
    const response = await fetch(`${base}${contactPath(contact)}/updates`, {
      headers: { authorization: `Bearer ${tokens[user]}` },
      signal: abort.signal,
    });
    const events: Array<{ event: string; data: unknown }> = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const field = (name: string) =>
            frame
              .split('\n')
              .filter((line) => line.startsWith(`${name}:`))
              .map((line) => line.slice(name.length + 1).trimStart())
              .join('\n');
          if (field('data')) events.push({ event: field('event') || 'message', data: JSON.parse(field('data')) as unknown });
        }
      }
    })().catch(() => undefined);
    const close = async () => {
      abort.abort();
      await reading;
    };
    return { response, events, close };
  }

  it('streams live updates: a session card turns white when the customer ends it, a new message says so', async () => {
    const stream = await openUpdates('c-fr', 'alice');
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await ingest([event('session.ended', ago(0), { sessionId: 's-1', endedBy: 'customer' })]);
      const card = await eventually(async () => stream.events.find((each) => each.event === 'session'));
      expect(card.data).toMatchObject({ sessionId: 's-1', colour: 'white', status: 'abandoned', inboxId: 'support' });
      await ingest([supportSms('sms-live', 'conv-live', 'Une autre question')]);
      const interaction = await eventually(async () => stream.events.find((each) => each.event === 'interaction'));
      expect(interaction.data).toMatchObject({ interactionId: 'sms-live', inboxId: 'support' });
      // What the stream said is what the views now read.
      expect((await call('GET', `${contactPath('c-fr')}/sessions`, 'alice')).body?.sessions[0]).toMatchObject({ colour: 'white' });
    } finally {
      await stream.close();
    }
  });

  it('streams only what the agent may see, and refuses a stream before it opens', async () => {
    // Carol sees the sales inbox only: a message to support is not hers to be told of.
    const carol = await openUpdates('c-fr', 'carol');
    const alice = await openUpdates('+33612340000', 'alice');
    try {
      await ingest([supportSms('sms-support-only', 'conv-support', 'Merci')]);
      await eventually(async () =>
        alice.events.find((each) => (each.data as { interactionId?: string }).interactionId === 'sms-support-only'),
      );
      expect(carol.events.filter((each) => each.event === 'interaction')).toEqual([]);
    } finally {
      await carol.close();
      await alice.close();
    }
    const unauthenticated = await fetch(`${base}${contactPath('c-fr')}/updates`);
    expect(unauthenticated.status).toBe(401);
    tokens.nobody = await token({ sub: 'nobody', ws: WS });
    const unconfigured = await call('GET', `${contactPath('c-fr')}/updates`, 'nobody');
    expect(unconfigured).toMatchObject({ status: 403, body: { code: 'USER_NOT_CONFIGURED' } });
    expect((await call('GET', `${contactPath('+33abc')}/updates`, 'alice')).body).toMatchObject({ status: 400, code: 'INVALID_CONTACT' });
  });

  it('says who is signed in: name, licences, inboxes, and whether they can generate insights', async () => {
    const alice = await call('GET', `/v1/workspaces/${WS}/me`, 'alice');
    expect(alice.status).toBe(200);
    expect(alice.body).toEqual({
      workspaceId: WS,
      userId: 'alice',
      name: 'Alice',
      role: 'agent',
      licenses: ['ai_assist_pro'],
      inboxes: [{ inboxId: 'support', name: 'Support', phoneNumber: '+33170000000', language: 'fr-FR' }],
      seesEveryInbox: false,
      insightsEnabled: true,
      canGenerateInsights: true,
    });
    // Bob has no licence: the desktop disables the button and says why.
    const bob = await call('GET', `/v1/workspaces/${WS}/me`, 'bob');
    expect(bob.body).toMatchObject({ userId: 'bob', licenses: [], canGenerateInsights: false, generationUnavailable: 'LICENCE_REQUIRED' });
    // A valid token for a user the workspace never configured, and a token of another workspace.
    tokens.stranger = await token({ sub: 'zed', ws: WS });
    const stranger = await call('GET', `/v1/workspaces/${WS}/me`, 'stranger');
    expect(stranger).toMatchObject({ status: 403, contentType: expect.stringMatching(/^application\/problem\+json/) as string });
    expect(stranger.body).toMatchObject({ code: 'USER_NOT_CONFIGURED', status: 403 });
    expect((await call('GET', `/v1/workspaces/${WS}/me`, 'other')).body).toMatchObject({ status: 403, code: 'WORKSPACE_FORBIDDEN' });
    expect((await call('GET', `/v1/workspaces/${WS}/me`, undefined)).status).toBe(401);
    expect((await call('POST', `/v1/workspaces/${WS}/me`, 'alice')).status).toBe(405);
  });

  it('serves its OpenAPI 3 document, with the insights routes, and the UI', async () => {
    const document = (await (await fetch(`${base}/docs-json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/workspaces/{ws}/contacts/{contact}/insights',
        '/v1/workspaces/{ws}/contacts/{contact}/timeline',
        '/v1/workspaces/{ws}/contacts/{contact}/sessions',
        '/v1/workspaces/{ws}/me',
        '/v1/workspaces/{ws}/contacts/{contact}/updates',
      ]),
    );
    expect((await fetch(`${base}/docs`)).status).toBe(200);
  });

  // Last: it stops the server. An open stream never ends on its own; it must not hold the shutdown.
  it('stops at once on SIGTERM with a stream open, ending the stream', async () => {
    const stream = await openUpdates('c-fr', 'alice');
    const started = Date.now();
    server.kill('SIGTERM');
    const { code } = await exited;
    expect(code).toBe(0);
    // Not a timing figure: a stream the server did not end would hold its close for ever (the test's
    // timeout). Ended, the server stops (the spare connection the client opened for an earlier test's
    // aborted stream is closed too: it held the close 4 s before HttpServerAdapter.close).
    expect(Date.now() - started).toBeLessThan(10_000);
    await stream.close();
  });
});
