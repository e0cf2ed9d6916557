import type { AppendResult, EventRow, EventStore } from '@app/event-store';

interface Request {
  readonly rows: readonly EventRow[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Appends that arrive while the thread is busy (a projection batch, another append) are written in
 * one transaction. Each commit rewrites every index page it touched, and with random event ids a
 * batch touches pages all over the dedupe and stream indexes: four Kafka partitions' batches in one
 * commit cost little more than one. Each request still gets its own outcomes, in its own order.
 */
export class GroupCommit {
  private queue: Request[] = [];
  private scheduled: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly afterCommit: () => void,
  ) {}

  /** Resolves once the commit that holds `rows` has landed; rejects if it fails. */
  add(rows: readonly EventRow[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      // After the messages already delivered: they join this commit.
      this.scheduled ??= new Promise<void>((next) => setImmediate(next)).then(() => this.flush());
    });
  }

  /** Resolves once every request added so far is answered. */
  async flushed(): Promise<void> {
    while (this.scheduled) await this.scheduled;
  }

  private async flush(): Promise<void> {
    const requests = this.queue;
    this.queue = [];
    try {
      const result = await this.store.appendRows(requests.flatMap((request) => request.rows));
      let offset = 0;
      for (const request of requests) {
        const outcomes = result.outcomes.slice(offset, (offset += request.rows.length));
        const appended = outcomes.filter((outcome) => !outcome.duplicate).length;
        request.resolve({ outcomes, appended, duplicates: outcomes.length - appended });
      }
      this.afterCommit();
    } catch (error) {
      for (const request of requests) request.reject(error);
    } finally {
      this.scheduled = undefined;
      if (this.queue.length > 0) this.scheduled = new Promise<void>((next) => setImmediate(next)).then(() => this.flush());
    }
  }
}
