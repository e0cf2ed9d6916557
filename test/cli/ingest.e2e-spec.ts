import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventStore, openEventStore } from '@app/event-store';
import { syntheticEvents, type RawCloudEvent } from '@app/events/testing/synthetic-events';
import { ndjson, runCli, summaryOf } from '../support/cli';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const valid = (count: number, prefix: string): RawCloudEvent[] => Array.from(syntheticEvents(count, { idPrefix: prefix, seed: 7 }));

/** One example of each kind of bad line, each a distinct way producers get it wrong. */
function badLines(index: number, template: RawCloudEvent): string {
  const event = (patch: Record<string, unknown>, data: Record<string, unknown> = {}) =>
    JSON.stringify({ ...template, id: `bad-${index}`, ...patch, data: { ...template.data, ...data } });
  const kinds = [
    () => `{"specversion":"1.0","id":"bad-${index}", "type":`,
    () => event({ id: undefined }),
    () => event({}, { workspaceId: 42 }),
    () => event({ time: 'yesterday at noon' }),
    () => event({ type: 'call.teleported' }),
    () => event({ specversion: '2.0' }),
    () => '[1, 2, 3]',
    () =>
      event(
        { type: 'message.received' },
        { messageId: 'm', conversationId: 'c', inboxId: 'i', contact: { phone: 'not a phone' }, channel: 'sms', body: 'x' },
      ),
    () =>
      event(
        { type: 'message.received' },
        {
          messageId: 'm',
          conversationId: 'c',
          inboxId: 'i',
          contact: { phone: '+33612345678' },
          channel: 'sms',
          body: 'x'.repeat(70 * 1024),
        },
      ),
    () => event({ type: 'session.ended' }, { sessionId: 's', endedBy: 'x'.repeat(5 * 1024 * 1024) }),
  ];
  return kinds[index % kinds.length]();
}

describe.each(TEST_ENGINES())('hindsight ingest on %s', (engine) => {
  let store: TestStore;
  let reader: EventStore | undefined;

  beforeEach(async () => {
    store = await createTestStore(engine);
  });
  afterEach(async () => {
    await reader?.close();
    reader = undefined;
    await store.cleanup();
  });

  const storedIds = async (): Promise<string[]> => {
    reader ??= await openEventStore(store.url);
    const ids: string[] = [];
    for await (const event of reader.readAll({ pageSize: 5000 })) ids.push(event.eventId);
    return ids;
  };

  it('stores exactly the valid events of a file mixing 1,000 valid, 100 invalid and 200 re-delivered lines', async () => {
    const events = valid(1000, 'mix');
    const lines = events.map((event) => JSON.stringify(event));
    const badLineNumbers: number[] = [];
    // Deterministic interleaving: every 11th slot is a bad line, re-deliveries follow their original.
    const file: string[] = [];
    let bad = 0;
    lines.forEach((line, index) => {
      file.push(line);
      if (index % 10 === 9 && bad < 100) {
        file.push(badLines(bad, events[index]));
        badLineNumbers.push(file.length);
        bad += 1;
      }
      if (index % 5 === 0) file.push(lines[index]);
    });
    const path = join(
      store.url.startsWith('sqlite:') ? store.url.slice(7, -'hindsight.db'.length) : '/tmp',
      `mix-${process.pid}-${engine}.ndjson`,
    );
    writeFileSync(path, file.join('\n') + '\n');
    const rejectsPath = `${path}.rejects`;

    const result = await runCli(['ingest', path, '--store', store.url, '--rejects', rejectsPath, '--batch-size', '97']);

    expect(result.code).toBe(0);
    expect(summaryOf(result)).toEqual({ accepted: 1000, duplicates: 200, rejected: 100 });
    const rejects = readFileSync(rejectsPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejects.map((rejection) => rejection.line)).toEqual(badLineNumbers);
    for (const rejection of rejects) {
      expect(rejection.errors.length).toBeGreaterThan(0);
      for (const error of rejection.errors) expect(error).toEqual({ field: expect.any(String), message: expect.any(String) });
    }
    expect(rejects.find((rejection) => rejection.id === 'bad-4').errors).toContainEqual({
      field: 'type',
      message: expect.stringContaining('"call.teleported"'),
    });
    expect(rejects.find((rejection) => rejection.id === 'bad-8').errors).toContainEqual({
      field: 'data.body',
      message: expect.stringContaining('65536 bytes'),
    });
    expect(rejects.find((rejection) => rejection.line === badLineNumbers[9])).toMatchObject({
      errors: [{ field: '(event)', message: expect.stringContaining('limit') }],
    });
    expect(rejects.find((rejection) => rejection.id === 'bad-3').raw).toContain('yesterday at noon');
    expect(await storedIds()).toEqual(events.map((event) => event.id));
  });

  it('reports rejected lines on stderr by default, without their content', async () => {
    const [event] = valid(1, 'stderr');
    const secret = { ...event, id: 'leaky', time: 'never', data: { ...event.data, body: 'my card number is 4242' } };
    const result = await runCli(['ingest', '-', '--store', store.url], { input: ndjson([event, secret]) });
    expect(result.code).toBe(0);
    expect(summaryOf(result)).toEqual({ accepted: 1, duplicates: 0, rejected: 1 });
    const reported = JSON.parse(result.stderr.trim());
    expect(reported).toEqual({
      rejected: { line: 2, id: 'leaky', type: event.type, errors: [{ field: 'time', message: expect.stringContaining('RFC 3339') }] },
    });
    expect(result.stderr).not.toContain('4242');
  });

  it('round-trips: events | ingest into a fresh store prints the same events', async () => {
    const events = valid(300, 'trip');
    await runCli(['ingest', '-', '--store', store.url], { input: ndjson(events) });
    const exported = await runCli(['events', '--store', store.url]);
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim().split('\n')).toHaveLength(300);
    const copy = await createTestStore(engine);
    try {
      const reimport = await runCli(['ingest', '-', '--store', copy.url], { input: exported.stdout });
      expect(summaryOf(reimport)).toEqual({ accepted: 300, duplicates: 0, rejected: 0 });
      expect((await runCli(['events', '--store', copy.url])).stdout).toBe(exported.stdout);
    } finally {
      await copy.cleanup();
    }
  });

  it('filters exported events by position, type and workspace', async () => {
    const events = valid(200, 'filter');
    await runCli(['ingest', '-', '--store', store.url], { input: ndjson(events) });
    const lines = async (...args: string[]) =>
      (await runCli(['events', '--store', store.url, ...args])).stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    expect((await lines('--from-position', '151')).map((event) => event.id)).toEqual(events.slice(150).map((event) => event.id));
    const messages = events.filter((event) => event.type === 'message.received' || event.type === 'voicemail.completed');
    expect((await lines('--type', 'message.received', '--type', 'voicemail.completed')).map((event) => event.id)).toEqual(
      messages.map((event) => event.id),
    );
    const workspace = events.filter((event) => event.data.workspaceId === 'ws-1');
    expect((await lines('--workspace', 'ws-1')).map((event) => event.id)).toEqual(workspace.map((event) => event.id));
  });
});

describe('hindsight CLI errors', () => {
  it.each<[string, string[], RegExp]>([
    [
      'an unreadable file',
      ['ingest', '/nonexistent/events.ndjson', '--store', 'sqlite:/tmp/hindsight-never.db'],
      /cannot read \/nonexistent\/events.ndjson: ENOENT/,
    ],
    [
      'an invalid store URL',
      ['events', '--store', 'mysql://localhost/db'],
      /HINDSIGHT_STORE \(store\): store must be sqlite:PATH or postgres/,
    ],
    [
      'an unreachable PostgreSQL',
      ['events', '--store', 'postgres://postgres@127.0.0.1:1/none'],
      /cannot open PostgreSQL store: .*ECONNREFUSED/,
    ],
    ['an unknown event type filter', ['events', '--type', 'call.teleported'], /unknown event type "call.teleported"/],
    ['a bad batch size', ['ingest', '-', '--batch-size', 'many'], /--batch-size must be a positive integer/],
  ])('fails with a clear message on %s', async (_case, args, message) => {
    const result = await runCli(args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });

  it('documents every subcommand in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.stdout).toMatch(/ingest \[options\] <file>/);
    expect(result.stdout).toMatch(/events \[options\]/);
    expect((await runCli(['ingest', '--help'])).stdout).toMatch(/--rejects <file>/);
  });

  it('uses $HINDSIGHT_STORE when --store is not given', async () => {
    const store = await createTestStore('sqlite');
    try {
      const [event] = valid(1, 'env');
      const result = await runCli(['ingest', '-'], { input: ndjson([event]), env: { HINDSIGHT_STORE: store.url } });
      expect(summaryOf(result).accepted).toBe(1);
      expect((await runCli(['events'], { env: { HINDSIGHT_STORE: store.url } })).stdout).toContain('"env-1-');
    } finally {
      await store.cleanup();
    }
  });
});
