import { answerBudget, raceDeadline } from './query-deadline';

describe('answerBudget', () => {
  const now = Date.parse('2026-03-01T10:00:00.000Z');

  it.each([
    ['no client deadline: ours, keeping a tenth to answer', 150, Infinity, { milliseconds: 135, limitedByClient: false }],
    ['a client deadline later than ours', 150, new Date(now + 1000), { milliseconds: 135, limitedByClient: false }],
    ['a shorter client deadline, keeping 10 ms to answer', 150, now + 100, { milliseconds: 90, limitedByClient: true }],
    [
      'a shorter client deadline, keeping a tenth when that is more',
      150,
      new Date(now + 140),
      { milliseconds: 126, limitedByClient: true },
    ],
    ['a client deadline already (almost) gone', 150, now + 5, { milliseconds: 0, limitedByClient: true }],
    ['little left of ours: keeping 10 ms to answer', 40, Infinity, { milliseconds: 30, limitedByClient: false }],
    ['nothing left of ours: answered at once', 8, Infinity, { milliseconds: 0, limitedByClient: false }],
    ['the same deadline for both: ours', 150, now + 150, { milliseconds: 135, limitedByClient: false }],
  ])('%s', (_case, remainingMs, clientDeadline, budget) => {
    expect(answerBudget(remainingMs, clientDeadline, now)).toEqual(budget);
  });
});

describe('raceDeadline', () => {
  it('settles with the result, or the failure, of work that finishes in time', async () => {
    await expect(raceDeadline(async () => 'answer', 1000)).resolves.toEqual({ kind: 'settled', value: 'answer' });
    const error = new Error('down');
    await expect(raceDeadline(() => Promise.reject(error), 1000)).resolves.toEqual({ kind: 'failed', error });
    await expect(
      raceDeadline(() => {
        throw error;
      }, 1000),
    ).resolves.toEqual({ kind: 'failed', error });
  });

  it('times out without waiting for slower work, and absorbs its late failure', async () => {
    let fail: (error: Error) => void = () => undefined;
    const slow = new Promise<string>((_resolve, reject) => (fail = reject));

    await expect(raceDeadline(() => slow, 10)).resolves.toEqual({ kind: 'timeout' });
    fail(new Error('too late')); // must not surface as an unhandled rejection
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('does not start work when there is no time left', async () => {
    const work = jest.fn(async () => 'answer');
    await expect(raceDeadline(work, 0)).resolves.toEqual({ kind: 'timeout' });
    expect(work).not.toHaveBeenCalled();
  });
});
