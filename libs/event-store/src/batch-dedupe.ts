import type { AppendOutcome } from './event-store.port';

/** What an append writes and reports for one batch, decided before anything is written. */
export interface DedupedBatch<R> {
  /** The rows to insert, in batch order: the first goes to `firstPosition`, the next one after it, and so on. */
  readonly fresh: R[];
  readonly firstPosition: number;
  /** One per row of the batch, in its order. */
  readonly outcomes: AppendOutcome[];
}

/**
 * The dedupe rule of every adapter: an event id already stored, or repeated within the batch, is a
 * duplicate that reports the position of the first copy; new rows get consecutive positions after the
 * head. Pure: the adapter reads `storedPositions` (the batch's ids already in the store) and `head`
 * under its append lock, then writes `fresh` at the positions given here. An adapter whose unique index
 * reports a conflicting insert may first assume no id is stored, and look them up only when one was.
 */
export function dedupeBatch<R extends { readonly eventId: string }>(
  rows: readonly R[],
  storedPositions: ReadonlyMap<string, number>,
  head: number,
): DedupedBatch<R> {
  const fresh: R[] = [];
  const outcomes: AppendOutcome[] = [];
  // Ids new to the store, by the position their first copy in this batch gets.
  const batchPositions = new Map<string, number>();
  let position = head;
  for (const row of rows) {
    const first = storedPositions.get(row.eventId) ?? batchPositions.get(row.eventId);
    if (first !== undefined) {
      outcomes.push({ eventId: row.eventId, position: first, duplicate: true });
      continue;
    }
    position += 1;
    batchPositions.set(row.eventId, position);
    fresh.push(row);
    outcomes.push({ eventId: row.eventId, position, duplicate: false });
  }
  return { fresh, firstPosition: head + 1, outcomes };
}
