import type { ChildProcess } from 'node:child_process';
import { openEventStore } from '@app/event-store';
import { type HindsightEvent, validateEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import type { HistoryResponse } from '@app/history';
import type { QuarantineEntry } from '@app/projections';
import { finished, ndjson, readyLine, runCli, startCli } from '../support/cli';
import { poisonTranscript } from '../support/events';
import { openReadSide } from '../support/read-side';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const END = '2026-11-01T00:00:00.000Z';

/** Valid events of two workspaces, with a poison transcript stored in the middle (through the event store API: the parser refuses it). */
function poisonedLog() {
  const log = [...syntheticEvents(160, { seed: 23, contacts: 6, workspaces: 2, inboxesPerWorkspace: 1, end: new Date(END), days: 10 })].map(
    (raw) => {
      const result = validateEvent(raw);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.event;
    },
  );
  const transcript = log.filter((event) => event.type === 'call.transcript.completed')[3];
  const poison = poisonTranscript(transcript);
  const middle = Math.floor(log.length / 2);
  return { before: log.slice(0, middle), poison, after: log.slice(middle), transcript, position: middle + 1 };
}

/** A transcript of the same call, later: it supersedes the poison's, so the poison folds as an older fact (a no-op) once it is there. */
function correctionOf(transcript: HindsightEvent) {
  const raw = {
    specversion: '1.0',
    id: `${transcript.id}-correction`,
    source: 'test/correction',
    type: 'call.transcript.completed',
    time: new Date(Date.parse(transcript.time) + 60_000).toISOString(),
    datacontenttype: 'application/json',
    data: { ...transcript.data, segments: [{ speaker: 'contact', text: 'Corrected transcript.', offsetMs: 0 }] },
  };
  return raw;
}

/** Every workspace's calls, each with its inbox and caller: all must be answered. */
function calls(events: readonly HindsightEvent[]) {
  return events.flatMap((event) => {
    if (event.type !== 'call.completed') return [];
    const { workspaceId, inboxId, callId, contact } = event.data;
    return [{ workspaceId, inboxId, callId, phone: contact.phone! }];
  });
}

/** The history query's answer for `call`'s caller and inbox, from the read models as they are (no catch-up). */
async function history(store: TestStore, call: ReturnType<typeof calls>[number]): Promise<HistoryResponse> {
  const side = await openReadSide(store.url, END);
  try {
    return await side.query.getHistory({ workspaceId: call.workspaceId, inboxId: call.inboxId, phone: call.phone, at: END });
  } finally {
    await side.close();
  }
}

const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

async function quarantined(store: TestStore): Promise<QuarantineEntry[]> {
  const result = await runCli(['quarantine', 'list', '--json', '--store', store.url]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as QuarantineEntry[];
}

describe.each(TEST_ENGINES())('hindsight quarantine on %s', (engine) => {
  let store: TestStore;
  beforeEach(async () => (store = await createTestStore(engine)));
  afterEach(async () => store.cleanup());

  it('projects every valid event past a poison one, lists the poison, and re-folds it after a correction', async () => {
    const { before, poison, after, transcript, position } = poisonedLog();
    const events = await openEventStore(store.url);
    await events.append([...before, poison, ...after]);
    await events.close();

    const projected = await runCli(['project', '--store', store.url]);
    expect(projected.code).toBe(0);
    expect(lastLine(projected.stdout)).toMatchObject({ checkpoint: before.length + 1 + after.length });
    // Logged once, with what identifies it, never the transcript.
    const logged = projected.stderr.split('\n').filter((line) => line.includes('event quarantined'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0])).toMatchObject({
      position,
      eventId: poison.id,
      eventType: 'call.transcript.completed',
      projection: 'activity',
    });
    expect(projected.stderr).not.toContain('Bonjour');

    // Every call of both workspaces is answered, those logged after the poison included.
    const valid = [...before, ...after];
    expect(new Set(calls(valid).map((call) => call.workspaceId))).toEqual(new Set(['ws-0', 'ws-1']));
    for (const call of calls(valid)) expect((await history(store, call)).activities.map((activity) => activity.id)).toContain(call.callId);

    const entry = {
      projector: 'hindsight',
      position,
      collection: 'activity',
      eventId: poison.id,
      eventType: 'call.transcript.completed',
      workspaceId: transcript.data.workspaceId,
      errorName: 'TypeError',
      errorMessage: "Cannot read properties of undefined (reading 'trim')",
      attempts: 1,
    };
    expect(await quarantined(store)).toEqual([expect.objectContaining(entry)]);
    const table = await runCli(['quarantine', 'list', '--store', store.url]);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^POSITION +PROJECTION +EVENT ID +TYPE +WORKSPACE +ATTEMPTS +FIRST QUARANTINED +RETRY +ERROR$/,
    );
    expect(table.stdout).toContain(`${position}  `);
    expect(table.stdout).toContain(poison.id);

    // Retried before any fix: it throws again.
    const again = await runCli(['quarantine', 'retry', '--position', String(position), '--store', store.url]);
    expect(again.code).toBe(1);
    expect(lastLine(again.stdout)).toEqual({ requested: 1, refolded: 0, failed: 1, pending: 0 });
    expect(again.stderr).toContain('still failing');
    expect(again.stderr).toContain('hindsight: 1 of 1 quarantined events still fail to fold');
    expect(await quarantined(store)).toEqual([expect.objectContaining({ ...entry, attempts: 2 })]);

    // The fix: a correction of the transcript, ingested (parsed) and projected; the poison is now an older fact.
    const correction = correctionOf(transcript);
    expect((await runCli(['ingest', '-', '--store', store.url], { input: ndjson([correction]) })).code).toBe(0);
    expect((await runCli(['project', '--store', store.url])).code).toBe(0);
    const retried = await runCli(['quarantine', 'retry', '--all', '--store', store.url]);
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    expect(lastLine(retried.stdout)).toEqual({ requested: 1, refolded: 1, failed: 0, pending: 0 });
    expect(await quarantined(store)).toEqual([]);
    expect((await runCli(['quarantine', 'list', '--store', store.url])).stdout).toBe('no quarantined events\n');
    const call = calls(valid).find((candidate) => candidate.callId === transcript.data.callId)!;
    const activity = (await history(store, call)).activities.find((candidate) => candidate.id === call.callId);
    expect(activity?.transcriptExcerpt).toBe('Caller: Corrected transcript.');
  });

  it.each<[string, string[], RegExp]>([
    ['a position that is not quarantined', ['--position', '99'], /not quarantined: position 99/],
    ['neither --position nor --all', [], /either --position N \(repeatable\) or --all/],
    ['both --position and --all', ['--position', '1', '--all'], /either --position N \(repeatable\) or --all/],
    ['a position that is not a number', ['--position', 'x'], /--position must be a positive integer/],
  ])('refuses a retry of %s', async (_case, flags, message) => {
    const result = await runCli(['quarantine', 'retry', '--store', store.url, ...flags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});

describe.each(TEST_ENGINES())('hindsight quarantine with serve running on %s', (engine) => {
  let store: TestStore;
  let server: ChildProcess | undefined;
  afterEach(async () => {
    if (server?.exitCode === null) server.kill('SIGKILL');
    await store.cleanup();
  });

  const metric = (text: string, name: string) => Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1]);

  it("shows the quarantine in /metrics, and a retry is re-folded by serve's projector", async () => {
    store = await createTestStore(engine);
    server = startCli(['serve', '--store', store.url, '--grpc-port', '0', '--http-port', '0'], {
      HINDSIGHT_LOG_LEVEL: 'info',
      HINDSIGHT_GRPC_WARMUP_CALLS: '0',
    });
    const exit = finished(server);
    const { http } = await readyLine(server);
    const metrics = async () => (await fetch(`${http}/metrics`)).text();

    const { before, poison, after, transcript, position } = poisonedLog();
    const events = await openEventStore(store.url);
    await events.append([...before, poison, ...after]);
    await events.close();
    const total = before.length + 1 + after.length;
    expect(
      await eventually(
        async () => metric(await metrics(), 'hindsight_projection_lag_events') === 0 && (await quarantined(store)).length === 1,
      ),
    ).toBe(true);
    let text = await metrics();
    expect(metric(text, 'hindsight_event_store_head_position')).toBe(total);
    expect(metric(text, 'hindsight_projection_quarantined_events{projection="activity"}')).toBe(1);
    expect(metric(text, 'hindsight_projection_quarantined_events{projection="session"}')).toBe(0);
    expect(metric(text, 'hindsight_projection_quarantines_total')).toBe(1);
    expect(await quarantined(store)).toEqual([
      expect.objectContaining({ position, eventId: poison.id, collection: 'activity', attempts: 1 }),
    ]);

    const posted = await fetch(`${http}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(correctionOf(transcript)),
    });
    expect(posted.status).toBe(200);
    expect(await eventually(async () => metric(await metrics(), 'hindsight_projection_lag_events') === 0)).toBe(true);
    const retried = await runCli(['quarantine', 'retry', '--all', '--store', store.url]);
    expect(retried.code).toBe(0);
    expect(lastLine(retried.stdout)).toEqual({ requested: 1, refolded: 1, failed: 0, pending: 0 });
    text = await metrics();
    expect(metric(text, 'hindsight_projection_quarantined_events{projection="activity"}')).toBe(0);
    expect(metric(text, 'hindsight_projection_quarantines_total')).toBe(1);

    server.kill('SIGTERM');
    const result = await exit;
    expect(result.code).toBe(0);
    // serve logged the quarantine once and re-folded it itself (the retry found it done within its grace period).
    const lines = result.stderr.split('\n');
    expect(lines.filter((line) => line.includes('event quarantined'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('quarantined event re-folded'))).toHaveLength(1);
  });
});

/** Tries `check` every 50 ms for up to 20 s; true as soon as it holds. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (await check()) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return check();
}
