import { runCli, summaryOf } from '../support/cli';
import { createTestStore, type TestStore } from '../support/stores';

describe('hindsight demo', () => {
  let store: TestStore;
  beforeEach(async () => (store = await createTestStore('sqlite')));
  afterEach(() => store.cleanup());

  it('loads the demo data ending when asked, and loading it again (even on another day) stores nothing new', async () => {
    const first = await runCli(['demo', '--store', store.url, '--end', '2026-11-20T18:00:00Z']);
    expect(first.code).toBe(0);
    expect(summaryOf(first)).toEqual({ accepted: 8835, duplicates: 0, rejected: 0 });
    const again = await runCli(['demo', '--store', store.url]);
    expect(summaryOf(again)).toEqual({ accepted: 0, duplicates: 8835, rejected: 0 });
    const newest = await runCli(['events', '--store', store.url, '--type', 'call.completed', '--from-time', '2026-11-20T17:00:00Z']);
    const times = newest.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { time: string }).time);
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((time) => time <= '2026-11-20T18:00:00.000Z')).toBe(true);
  });

  it('refuses an end that is not a timestamp, naming the flag', async () => {
    const result = await runCli(['demo', '--store', store.url, '--end', 'yesterday']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--end must be an ISO 8601 timestamp/);
  });
});
