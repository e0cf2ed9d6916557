import { syntheticEvents } from '@app/events/testing/synthetic-events';
import type { HistoryResponse } from '@app/history';
import { ndjson, runCli } from '../support/cli';
import { openReadSide } from '../support/read-side';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const END = '2026-11-01T00:00:00.000Z';

describe.each(TEST_ENGINES())('hindsight history on %s', (engine) => {
  let store: TestStore;
  const events = Array.from(
    syntheticEvents(120, { seed: 3, contacts: 4, workspaces: 1, inboxesPerWorkspace: 1, end: new Date(END), days: 15 }),
  );
  const call = events.find((event) => event.type === 'call.completed')!;
  const { inboxId, contact } = call.data as { inboxId: string; contact: { phone: string } };
  const history = (...flags: string[]) => runCli(['history', '--store', store.url, '--workspace', 'ws-0', '--inbox', inboxId, ...flags]);

  beforeAll(async () => {
    store = await createTestStore(engine);
    expect((await runCli(['ingest', '-', '--store', store.url], { input: ndjson(events) })).code).toBe(0);
  });
  afterAll(async () => {
    await store.cleanup();
  });

  it('projects what was ingested, then prints the answer the query gives', async () => {
    const result = await history('--phone', contact.phone, '--at', END);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as HistoryResponse;
    const side = await openReadSide(store.url, END);
    try {
      expect(printed).toEqual(await side.query.getHistory({ workspaceId: 'ws-0', inboxId, phone: contact.phone, at: END }));
    } finally {
      await side.close();
    }
    expect(printed.available).toBe(true);
    expect(printed.activities.map((activity) => activity.id)).toContain((call.data as { callId: string }).callId);
  });

  it.each([
    [['--phone', 'not a phone'], /phone/],
    [['--phone', '+33612345678', '--contact', 'contact-1'], /contactId/],
    [[], /contactId: one of contactId or phone is required/],
    [['--phone', '+33612345678', '--at', 'yesterday'], /at: /],
  ])('refuses %j with one line naming the field', async (flags, message) => {
    const result = await history(...flags);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});
