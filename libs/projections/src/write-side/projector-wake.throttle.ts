/**
 * How often the writer thread wakes the projector after commits. Appends of one event each (HTTP single
 * events) otherwise have the projector read, fold and commit a batch per append, on the same cores as the
 * appends: on PostgreSQL, one event per append, a 20 ms window gave 15-20% more appends per second at 1
 * and 8 in flight (bench:append, 4 turns each, in one run). A commit after a quiet spell still wakes it at once.
 */
export const PROJECTOR_WAKE_WINDOW_MS = 20;

/**
 * `wake` at most once per `windowMilliseconds`: at once when the last wake is older than that, otherwise
 * once at the end of the window for every call made within it (none is dropped, none waits longer).
 */
export function throttleWake(wake: () => void, windowMilliseconds: number, now: () => number = () => performance.now()): () => void {
  let last = Number.NEGATIVE_INFINITY;
  let trailing: NodeJS.Timeout | undefined;
  const fire = () => {
    trailing = undefined;
    last = now();
    wake();
  };
  return () => {
    if (trailing !== undefined) return;
    const wait = last + windowMilliseconds - now();
    if (wait <= 0) fire();
    else trailing = setTimeout(fire, wait);
  };
}
