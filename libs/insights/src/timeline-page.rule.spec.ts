import { pageCandidates } from './timeline-page.rule';

const hit = (key: string, minute: number) => ({ key, sortKey: `2026-03-01T09:${String(minute).padStart(2, '0')}:00.000Z` });
const until = (minute: number) => hit('', minute).sortKey;

describe('pageCandidates', () => {
  it.each([
    {
      name: 'the limit + 1 newest before until',
      hits: [hit('a', 1), hit('b', 5), hit('c', 3), hit('d', 4)],
      at: 9,
      limit: 2,
      keys: ['b', 'd', 'c'],
    },
    { name: 'fewer hits than a page: all of them', hits: [hit('a', 1), hit('b', 2)], at: 9, limit: 10, keys: ['b', 'a'] },
    { name: 'no hits', hits: [], at: 9, limit: 3, keys: [] },
    { name: 'hits after until are left out', hits: [hit('a', 1), hit('late', 10)], at: 9, limit: 3, keys: ['a'] },
    {
      name: 'every hit at until (a cursor instant), then a page before it',
      hits: [hit('x', 9), hit('y', 9), hit('a', 1), hit('b', 2)],
      at: 9,
      limit: 1,
      keys: ['x', 'y', 'b', 'a'],
    },
    {
      name: 'ties at the boundary are all read (their order is by id)',
      hits: [hit('a', 5), hit('b', 4), hit('c', 4), hit('d', 4), hit('e', 1)],
      at: 9,
      limit: 1,
      keys: ['a', 'b', 'c', 'd'],
    },
    { name: 'a limit of 0 still reads the hits at until', hits: [hit('x', 9), hit('a', 1)], at: 9, limit: 0, keys: ['x', 'a'] },
  ])('$name', ({ hits, at, limit, keys }) => {
    expect(pageCandidates(hits, until(at), limit).map((each) => each.key)).toEqual(keys);
  });
});
