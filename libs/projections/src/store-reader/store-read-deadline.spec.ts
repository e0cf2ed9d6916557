import { DatabaseSync } from 'node:sqlite';
import { EventStoreError } from '@app/event-store';
import { answerWithin, readForCaller, storeReadFailure } from './store-read-deadline';

const late = () => new EventStoreError('STORE_UNAVAILABLE', 'late');

/** The error node:sqlite throws for a statement it cannot run. */
function sqliteError(): Error {
  const database = new DatabaseSync(':memory:');
  try {
    database.prepare('SELECT * FROM missing');
  } catch (error) {
    return error as Error;
  } finally {
    database.close();
  }
  throw new Error('expected node:sqlite to throw');
}

describe('answerWithin (the calling side of a read)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('settles as the answer does when it comes in time, and leaves no timer behind', async () => {
    await expect(answerWithin(Promise.resolve(7), 100, late)).resolves.toBe(7);
    const refused = new EventStoreError('STORE_READ_INVALID', 'bad options');
    await expect(answerWithin(Promise.reject(refused), 100, late)).rejects.toBe(refused);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects with the late error at the deadline, and absorbs the answer that comes after', async () => {
    let fail!: (error: Error) => void;
    const answer = new Promise<number>((_resolve, reject) => (fail = reject));
    const settled = answerWithin(answer, 100, late);
    const outcome = expect(settled).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: 'late' });
    jest.advanceTimersByTime(99);
    await Promise.resolve();
    jest.advanceTimersByTime(1);
    await outcome;
    // Nobody waits for it any more: no unhandled rejection (Jest would fail the test).
    fail(new Error('too late'));
    await Promise.resolve();
  });
});

describe('readForCaller (the thread side of a read)', () => {
  it('reads while its caller still waits', async () => {
    const read = jest.fn(async () => 'page');
    await expect(readForCaller(1_000, read, () => 1_000)).resolves.toBe('page');
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('does not read for a caller that has given up (a read queued behind a lock)', async () => {
    const read = jest.fn(async () => 'page');
    await expect(readForCaller(1_000, read, () => 1_001)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(read).not.toHaveBeenCalled();
  });

  it("turns node:sqlite's failures into STORE_UNAVAILABLE", async () => {
    const failure = sqliteError();
    await expect(readForCaller(Number.MAX_SAFE_INTEGER, () => Promise.reject(failure))).rejects.toMatchObject({
      name: 'EventStoreError',
      code: 'STORE_UNAVAILABLE',
      cause: failure,
    });
  });
});

describe('storeReadFailure', () => {
  it.each<[string, () => unknown]>([
    ['a failing statement (busy, locking protocol, I/O…)', sqliteError],
    [
      'a closed connection',
      () => {
        const database = new DatabaseSync(':memory:');
        database.close();
        try {
          database.prepare('SELECT 1');
        } catch (error) {
          return error;
        }
      },
    ],
  ])('%s is the store being unavailable', (_name, failure) => {
    const error = failure();
    expect(storeReadFailure(error)).toMatchObject({ name: 'EventStoreError', code: 'STORE_UNAVAILABLE', cause: error });
  });

  it('keeps the store errors and the errors that are not the store', () => {
    const invalid = new EventStoreError('STORE_READ_INVALID', 'limit must be positive');
    const bug = new TypeError('undefined is not a function');
    expect(storeReadFailure(invalid)).toBe(invalid);
    expect(storeReadFailure(bug)).toBe(bug);
    expect(storeReadFailure('a string')).toBe('a string');
  });
});
