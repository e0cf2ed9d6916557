import type { HistoryActivity, JobView, KnownFact } from './history.types';
import { knownFacts } from './known-facts.rule';
import { callView, DAY, minus } from './testing/history-inputs.fixtures';

const job = (collected: Record<string, string>): JobView => ({ jobId: 'j', name: 'Identification', outcome: 'done', collected });

describe('known facts', () => {
  it.each<[string, HistoryActivity[], KnownFact[]]>([
    ['none without jobs', [callView('a', minus(DAY))], []],
    [
      'every field of every job',
      [callView('a', minus(DAY), { jobs: [job({ customerNumber: '111' }), job({ city: 'Lyon' })] })],
      [
        { field: 'customerNumber', value: '111', activityId: 'a', collectedAt: minus(DAY) },
        { field: 'city', value: 'Lyon', activityId: 'a', collectedAt: minus(DAY) },
      ],
    ],
    [
      'the newest value of a field wins',
      [
        callView('new', minus(DAY), { jobs: [job({ customerNumber: '222' })] }),
        callView('old', minus(5 * DAY), { jobs: [job({ customerNumber: '111', city: 'Lyon' })] }),
      ],
      [
        { field: 'customerNumber', value: '222', activityId: 'new', collectedAt: minus(DAY) },
        { field: 'city', value: 'Lyon', activityId: 'old', collectedAt: minus(5 * DAY) },
      ],
    ],
  ])('%s', (_case, activities, expected) => {
    expect(knownFacts(activities)).toEqual(expected);
  });
});
