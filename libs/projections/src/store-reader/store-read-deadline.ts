import { EventStoreError } from '@app/event-store';
import { storeUnavailable } from '../thread-store-errors';

/**
 * How long a read of the store may take for a caller who waits (the store reader thread's deadline, and
 * the server's statement limit on PostgreSQL): what `/metrics` gives the store, far beyond a healthy read.
 */
export const STORE_READ_TIMEOUT_MS = 2_000;

/**
 * On the calling side: settles as `answer` does, or rejects with `late()` after `milliseconds`, whichever
 * comes first. A late answer or error is absorbed (its caller has moved on).
 */
export function answerWithin<T>(answer: Promise<T>, milliseconds: number, late: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(late()), milliseconds);
    void answer.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * In the reader thread: runs `read` unless its caller has already given up. Reads queue behind one that
 * waits on a lock; once it is released, those nobody waits for any more are answered at once, unread.
 */
export async function readForCaller<T>(answerBy: number, read: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  if (now() > answerBy) throw storeUnavailable('the caller stopped waiting before the read could start');
  try {
    return await read();
  } catch (error) {
    throw storeReadFailure(error);
  }
}

/**
 * node:sqlite's failures (busy, a locking protocol error after a held lock, I/O, a closed connection) are
 * the store being unavailable, as the PostgreSQL adapters say of their driver's: HTTP answers 503. Other
 * errors (a read refused for its options, a bug) keep their own meaning.
 */
export function storeReadFailure(error: unknown): unknown {
  if (error instanceof EventStoreError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_SQLITE_ERROR' && code !== 'ERR_INVALID_STATE') return error;
  return new EventStoreError('STORE_UNAVAILABLE', `SQLite store: ${(error as Error).message}`, { cause: error });
}
