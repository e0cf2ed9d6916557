import { type AppendResult, type EventRow, type EventStore, EventStoreError } from '@app/event-store';
import type { FromWriteSide } from './write-side.messages';

interface Request {
  readonly id: number;
  readonly rows: readonly EventRow[];
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
    private readonly post: (message: FromWriteSide) => void,
    private readonly afterCommit: () => void,
  ) {}

  add(id: number, rows: readonly EventRow[]): void {
    this.queue.push({ id, rows });
    // After the messages already delivered: they join this commit.
    this.scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
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
        const answer: AppendResult = { outcomes, appended, duplicates: outcomes.length - appended };
        this.post({ type: 'appended', id: request.id, result: answer });
      }
      this.afterCommit();
    } catch (error) {
      for (const request of requests) {
        this.post({
          type: 'append-failed',
          id: request.id,
          code: error instanceof EventStoreError ? error.code : undefined,
          message: (error as Error).message,
        });
      }
    } finally {
      this.scheduled = undefined;
      if (this.queue.length > 0) this.scheduled = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
    }
  }
}
