import { type AppendResult, type EventRow, type EventStore, EventStoreError, openEventStore } from '@app/event-store';
import { GroupCommit } from './group-commit';
import { PROJECTOR_WAKE_WINDOW_MS, throttleWake } from './projector-wake.throttle';

/**
 * Appends on the thread that validated them, for PostgreSQL: its driver is asynchronous, so the writer
 * thread (which exists for SQLite's synchronous API and single write connection) would only add a hop to
 * each append and back, two thread wake-ups that cost more than the append's own round trip. Concurrent
 * appends share a commit, as in the writer thread, and each commit wakes the projector thread.
 * The store is opened at the first append (and again after a failed opening), without a statement limit:
 * a Kafka batch may take longer than a read. Once closed (the write side stopped), appends are refused.
 */
export class MainThreadAppends {
  private opening: Promise<{ readonly store: EventStore; readonly commits: GroupCommit }> | undefined;
  private readonly wake: () => void;
  private closed = false;

  constructor(
    private readonly url: string,
    wakeProjector: () => void,
  ) {
    this.wake = throttleWake(wakeProjector, PROJECTOR_WAKE_WINDOW_MS);
  }

  async appendRows(rows: readonly EventRow[]): Promise<AppendResult> {
    const { commits } = await this.open();
    return commits.add(rows);
  }

  /** Waits for the appends in flight, then closes the store. */
  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    const opened = await opening?.catch(() => undefined);
    if (!opened) return;
    await opened.commits.flushed();
    await opened.store.close();
  }

  private open(): Promise<{ readonly store: EventStore; readonly commits: GroupCommit }> {
    if (this.closed) return Promise.reject(new EventStoreError('STORE_UNAVAILABLE', 'the write side is stopped'));
    this.opening ??= openEventStore(this.url).then(
      (store) => ({ store, commits: new GroupCommit(store, this.wake) }),
      (error: unknown) => {
        this.opening = undefined;
        throw error;
      },
    );
    return this.opening;
  }
}
