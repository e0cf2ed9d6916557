import type { HistoryActivity, HistoryResponse } from './history.types';
import { lastSummary } from './last-summary.rule';
import { callView, DAY, minus } from './testing/history-inputs.fixtures';

describe('last summary', () => {
  it.each<[string, HistoryActivity[], HistoryResponse['lastSummary']]>([
    ['none without a summary', [callView('a', minus(DAY))], undefined],
    [
      'the newest summarised activity',
      [
        callView('latest', minus(3_600_000)),
        callView('new', minus(DAY), { summary: 'New' }),
        callView('old', minus(5 * DAY), { summary: 'Old' }),
      ],
      { activityId: 'new', summary: 'New', occurredAt: minus(DAY) },
    ],
  ])('%s', (_case, activities, expected) => {
    expect(lastSummary(activities)).toEqual(expected);
  });
});
