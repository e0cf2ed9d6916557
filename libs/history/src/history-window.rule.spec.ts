import { historyWindow, recentActivities } from './history-window.rule';
import { AT, call, DAY, ids, minus } from './testing/history-inputs.fixtures';

const recent = (activities: Parameters<typeof recentActivities>[0]) => recentActivities(activities, historyWindow(AT));

describe('history window', () => {
  it('spans [at − 21 days, at]', () => {
    expect(historyWindow(AT)).toEqual({ start: '2026-03-01T12:00:00.000Z', end: AT });
  });

  it.each<[string, string, boolean]>([
    ['exactly at − 21 days', minus(21 * DAY), true],
    ['one millisecond before the window', minus(21 * DAY + 1), false],
    ['exactly at', AT, true],
    ['one millisecond after at', new Date(Date.parse(AT) + 1).toISOString(), false],
    ['ten days ago', minus(10 * DAY), true],
  ])('an activity %s is %s', (_case, occurredAt, included) => {
    expect(ids(recent([call('a', occurredAt)]))).toEqual(included ? ['a'] : []);
  });

  it.each([
    [30, 30],
    [31, 30],
    [5, 5],
  ])('of %i activities returns the %i most recent, newest first', (count, returned) => {
    const activities = Array.from({ length: count }, (_, index) => call(`c${String(index).padStart(2, '0')}`, minus(index * 3_600_000)));
    expect(ids(recent(activities.reverse()))).toEqual(Array.from({ length: returned }, (_, index) => `c${String(index).padStart(2, '0')}`));
  });

  it('orders equal times by id', () => {
    expect(ids(recent([call('b', minus(DAY)), call('a', minus(DAY)), call('c', minus(2 * DAY))]))).toEqual(['a', 'b', 'c']);
  });

  it('ignores activities not yet placed in an inbox (a transcript whose call has not arrived)', () => {
    expect(ids(recent([{ workspaceId: 'ws-1', id: 'early', kind: 'call', transcriptExcerpt: 'hello' }]))).toEqual([]);
  });
});
