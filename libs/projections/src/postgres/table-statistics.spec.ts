import { TableStatistics } from './table-statistics';

describe('TableStatistics', () => {
  it.each([
    ['nothing before 10k rows', [9_999], 0],
    ['the first at 10k', [10_000], 1],
    ['then after each doubling: 20k, 40k', [10_000, 10_000, 20_000], 3],
    ['not in between', [10_000, 9_000], 1],
    ['a large batch counts once', [1_000_000], 1],
  ])('analyses %s', async (_name, batches, expected) => {
    let analyses = 0;
    const statistics = new TableStatistics(async () => {
      analyses += 1;
    });
    for (const rows of batches) {
      statistics.written(rows);
      await statistics.settled();
    }
    expect(analyses).toBe(expected);
  });

  it('runs one at a time: a threshold crossed while one runs is taken by the next write after it', async () => {
    let release: () => void = () => undefined;
    let analyses = 0;
    const statistics = new TableStatistics(() => {
      analyses += 1;
      return new Promise<void>((resolve) => (release = resolve));
    });
    statistics.written(10_000);
    statistics.written(30_000);
    expect(analyses).toBe(1);
    release();
    await statistics.settled();
    statistics.written(1);
    expect(analyses).toBe(2);
    release();
    await statistics.settled();
  });

  it('survives a failed ANALYZE', async () => {
    const statistics = new TableStatistics(() => Promise.reject(new Error('connection refused')));
    statistics.written(10_000);
    await expect(statistics.settled()).resolves.toBeUndefined();
  });
});
