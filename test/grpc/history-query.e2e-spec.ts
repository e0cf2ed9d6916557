import { status, type ServiceError } from '@grpc/grpc-js';
import pino from 'pino';
import type { HistoryQuery, HistoryResponse } from '@app/history';
import { type GetHistoryRequest, type GetHistoryResponse, isoFromTimestamp, timestampFromIso } from './support/grpc-clients';
import {
  FailingHistoryQuery,
  FixedHistoryQuery,
  HISTORY_RESPONSE,
  SlowHistoryQuery,
  storeUnavailableError,
} from './support/history-queries';
import { NOW, startTestServer, type TestServer } from './support/test-server';

const CALLER = { workspace_id: 'ws-1', inbox_id: 'inbox-support', phone: '+33612345678' } as const;
const AT = '2026-03-01T10:15:30.250Z';
const TWENTY_ONE_DAYS_BEFORE_AT = '2026-02-08T10:15:30.250Z';

/** Reads the answer back into the domain's shape, as a client would: enum names, Timestamps, empty strings. */
function toDomainResponse(response: GetHistoryResponse): HistoryResponse {
  const enumValue = (name: string, prefix: string): string => name.slice(prefix.length).toLowerCase();
  const text = (value: string) => (value === '' ? undefined : value);
  const defined = <T extends object>(value: T): T =>
    Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
  return defined({
    available: response.available,
    unavailableReason: text(response.unavailable_reason),
    windowStart: isoFromTimestamp(response.window_start),
    windowEnd: isoFromTimestamp(response.window_end),
    activities: response.activities.map((activity) =>
      defined({
        id: activity.id,
        kind: enumValue(activity.kind, 'ACTIVITY_KIND_') as HistoryResponse['activities'][number]['kind'],
        direction: enumValue(activity.direction, 'DIRECTION_') as 'inbound' | 'outbound',
        channel: enumValue(activity.channel, 'CHANNEL_') as HistoryResponse['activities'][number]['channel'],
        occurredAt: isoFromTimestamp(activity.occurred_at),
        durationSeconds: activity.duration_seconds ?? undefined,
        status: text(activity.status),
        summary: text(activity.summary),
        nextSteps: activity.next_steps,
        transcriptExcerpt: text(activity.transcript_excerpt),
        body: text(activity.body),
        handledBy:
          activity.handled_by === null
            ? undefined
            : defined({
                kind: enumValue(activity.handled_by.kind, 'KIND_') as 'user' | 'ai_agent',
                id: activity.handled_by.id,
                name: text(activity.handled_by.name),
              }),
        wrapupCode: text(activity.wrapup_code),
        wrapupLabel: text(activity.wrapup_label),
        jobs: activity.jobs.map((job) => ({ jobId: job.job_id, name: job.name, outcome: job.outcome, collected: job.collected })),
      }),
    ),
    lastSummary:
      response.last_summary === null
        ? undefined
        : {
            activityId: response.last_summary.activity_id,
            summary: response.last_summary.summary,
            occurredAt: isoFromTimestamp(response.last_summary.occurred_at),
          },
    openItems: response.open_items.map((item) => ({
      activityId: item.activity_id,
      text: item.text,
      occurredAt: isoFromTimestamp(item.occurred_at),
    })),
    knownFacts: response.known_facts.map((fact) => ({
      field: fact.field,
      value: fact.value,
      activityId: fact.activity_id,
      collectedAt: isoFromTimestamp(fact.collected_at),
    })),
  });
}

function expectFailOpen(response: GetHistoryResponse, reason: string | RegExp, windowEnd: string): void {
  expect(response.available).toBe(false);
  expect(response.unavailable_reason).toMatch(reason);
  expect(isoFromTimestamp(response.window_end)).toBe(windowEnd);
  expect(isoFromTimestamp(response.window_start)).toBe(new Date(Date.parse(windowEnd) - 21 * 24 * 3600 * 1000).toISOString());
  expect(response.activities).toEqual([]);
  expect(response.last_summary).toBeNull();
  expect(response.open_items).toEqual([]);
  expect(response.known_facts).toEqual([]);
}

describe('GetHistory answers', () => {
  const query = new FixedHistoryQuery();
  let test: TestServer;

  beforeAll(async () => {
    test = await startTestServer(query);
  });
  afterAll(() => test.close());

  it('round-trips every field of the answer, newest first', async () => {
    const response = await test.client.getHistory({ ...CALLER, at: timestampFromIso(AT) });

    expect(toDomainResponse(response)).toEqual(HISTORY_RESPONSE);
    expect(response.activities.map((activity) => activity.id)).toEqual(['call-3', 'msg-2', 'vm-1']);
  });

  it('sends enums by name, Timestamps with milliseconds, maps and optional durations as the proto defines them', async () => {
    const response = await test.client.getHistory({ ...CALLER, at: timestampFromIso(AT) });
    const [call, message, voicemail] = response.activities;

    expect([call.kind, call.direction, call.channel]).toEqual(['ACTIVITY_KIND_CALL', 'DIRECTION_INBOUND', 'CHANNEL_VOICE']);
    expect([message.kind, message.direction, message.channel]).toEqual(['ACTIVITY_KIND_MESSAGE', 'DIRECTION_OUTBOUND', 'CHANNEL_WHATSAPP']);
    expect(voicemail.kind).toBe('ACTIVITY_KIND_VOICEMAIL');
    expect(call.occurred_at).toEqual({ seconds: String(Date.parse('2026-02-27T16:02:11Z') / 1000), nanos: 507_000_000 });
    expect(call.handled_by).toEqual({ kind: 'KIND_AI_AGENT', id: 'sona-1', name: 'Sona' });
    expect(message.handled_by).toEqual({ kind: 'KIND_USER', id: 'user-7', name: '' });
    expect(voicemail.handled_by).toBeNull();
    expect(call.jobs[1].collected).toEqual({ slot: '2026-03-04T09:30:00+01:00', reminders: 'true' });
    // proto3 `optional`: a zero duration is sent, an unknown one is not.
    expect([call.duration_seconds, voicemail.duration_seconds, message.duration_seconds]).toEqual([312.5, 0, undefined]);
  });

  it('passes the validated, normalised request to the query', async () => {
    query.requests.length = 0;
    await test.client.getHistory({
      workspace_id: 'ws-1',
      inbox_id: 'inbox-support',
      phone: '0033 6 12 34 56 78',
      at: { seconds: 1_772_360_130, nanos: 250_999_999 },
    });
    await test.client.getHistory({ workspace_id: 'ws-1', inbox_id: 'inbox-support', contact_id: 'contact-42' });

    expect(query.requests).toEqual([
      { workspaceId: 'ws-1', inboxId: 'inbox-support', phone: '+33612345678', at: '2026-03-01T10:15:30.250Z' },
      { workspaceId: 'ws-1', inboxId: 'inbox-support', contactId: 'contact-42' },
    ]);
  });

  it('passes an answer the query marks unavailable (history disabled) through unchanged', async () => {
    const disabled = new FixedHistoryQuery({
      ...HISTORY_RESPONSE,
      available: false,
      unavailableReason: 'history disabled for this inbox',
      activities: [],
      openItems: [],
      knownFacts: [],
      lastSummary: undefined,
    });
    const server = await startTestServer(disabled);
    try {
      const response = await server.client.getHistory(CALLER);
      expect(response).toMatchObject({ available: false, unavailable_reason: 'history disabled for this inbox', activities: [] });
    } finally {
      await server.close();
    }
  });
});

describe('GetHistory rejects malformed requests with INVALID_ARGUMENT naming the field', () => {
  const query = new FixedHistoryQuery();
  let test: TestServer;

  beforeAll(async () => {
    test = await startTestServer(query);
  });
  afterAll(() => test.close());

  it.each<[string, GetHistoryRequest, RegExp]>([
    ['no workspace_id', { inbox_id: 'inbox-support', phone: '+33612345678' }, /^workspace_id: should not be empty$/],
    ['no inbox_id', { workspace_id: 'ws-1', contact_id: 'contact-42' }, /^inbox_id: should not be empty$/],
    ['no caller', { workspace_id: 'ws-1', inbox_id: 'inbox-support' }, /^contact_id: .*contact_id or phone is required$/],
    [
      'a phone without country code',
      { ...CALLER, phone: '06 12 34 56 78' },
      /^phone: must be a phone number in international format, e\.g\. \+33612345678$/,
    ],
    ['both contact_id and phone', { ...CALLER, contact_id: 'contact-42' }, /^contact_id: give either contact_id or phone, not both$/],
    ['`at` after year 9999', { ...CALLER, at: { seconds: 253_402_300_800, nanos: 0 } }, /^at: must be a valid Timestamp/],
    ['`at` with negative nanos', { ...CALLER, at: { seconds: 1_772_360_130, nanos: -1 } }, /^at: must be a valid Timestamp/],
    [
      'several faults at once',
      { inbox_id: 'inbox-support', phone: 'call me', at: { seconds: 0, nanos: 1_000_000_000 } },
      /^workspace_id: .*; phone: .*; at: /,
    ],
  ])('%s', async (_case, request, details) => {
    query.requests.length = 0;
    const error = await test.client.getHistory(request).then(
      () => undefined,
      (failure: ServiceError) => failure,
    );

    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(details);
    expect(query.requests).toEqual([]);
  });
});

describe('GetHistory fails open: OK with available = false, never an error status', () => {
  it('answers without waiting when the query is slower than the deadline', async () => {
    const slow = new SlowHistoryQuery(1000);
    const test = await startTestServer(slow, { deadlineMs: 150 });
    try {
      const response = await test.client.getHistory({ ...CALLER, at: timestampFromIso(AT) });

      // The budget is the deadline less what the call spent before its query (its arrival turn, validation).
      expectFailOpen(response, /^deadline exceeded after 1[2-5]\d ms$/, AT);
      expect(isoFromTimestamp(response.window_start)).toBe(TWENTY_ONE_DAYS_BEFORE_AT);
      expect(slow.finished).toBe(0);
    } finally {
      slow.finishAll();
      await test.close();
    }
  });

  it("answers before the client's own deadline when it is shorter than ours", async () => {
    const slow = new SlowHistoryQuery(30_000);
    const test = await startTestServer(slow, { deadlineMs: 20_000 });
    try {
      const response = await test.client.getHistory(CALLER, new Date(Date.now() + 1000));

      expectFailOpen(response, /^deadline exceeded after \d+ ms \(client deadline\)$/, NOW);
      expect(slow.finished).toBe(0);
    } finally {
      slow.finishAll();
      await test.close();
    }
  });

  it.each<[string, () => Promise<HistoryResponse>, string]>([
    ['the store is unavailable', () => Promise.reject(storeUnavailableError()), 'history store unavailable'],
    [
      'the query fails unexpectedly',
      () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'rows')")),
      'history query failed',
    ],
    [
      'the query throws synchronously',
      () => {
        throw new Error('boom');
      },
      'history query failed',
    ],
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what a careless adapter might do
    ['the query rejects with a non-error', () => Promise.reject('store closed'), 'history query failed'],
    [
      'the answer cannot be encoded',
      () => Promise.resolve({ ...HISTORY_RESPONSE, windowStart: 'not a timestamp' }),
      'history query failed',
    ],
  ])('when %s', async (_case, failure, reason) => {
    const failing = new FailingHistoryQuery(failure);
    const test = await startTestServer(failing);
    try {
      const withAt = await test.client.getHistory({ ...CALLER, at: timestampFromIso(AT) });
      const withoutAt = await test.client.getHistory(CALLER);

      expect(failing.calls).toBe(2);
      expectFailOpen(withAt, reason, AT);
      expectFailOpen(withoutAt, reason, NOW);
    } finally {
      await test.close();
    }
  });
});

describe('GetHistory logs', () => {
  it('identifiers and reasons, never the caller, message bodies, transcripts or data quoted by errors', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
    const queries: HistoryQuery[] = [
      new FixedHistoryQuery(),
      new FailingHistoryQuery(async () => JSON.parse('my card number is 4970')),
      new FailingHistoryQuery(() => Promise.reject(storeUnavailableError())),
    ];
    for (const query of queries) {
      const test = await startTestServer(query, { logger });
      try {
        await test.client.getHistory({ ...CALLER, at: timestampFromIso(AT) });
        await test.client.getHistory({ ...CALLER, phone: '+33 6 99 88 77 66 55 44' }).catch(() => undefined);
      } finally {
        await test.close();
      }
    }

    const logs = lines.join('');
    expect(logs).toContain('history answered');
    expect(logs).toContain('history unavailable, answered fail-open');
    expect(logs).toContain('history request rejected');
    expect(logs).toContain('connect ECONNREFUSED'); // a store error's message is for operators
    for (const secret of [
      '612345678',
      '99 88 77',
      '4970',
      'my card',
      'replacement card',
      'Hello, I would like',
      'Your card has been ordered',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
