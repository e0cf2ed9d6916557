/**
 * Admission of the voice agent's history calls. A call the reader cannot answer within the time left is
 * answered at once (`available: false`, `overloaded`) instead of waiting in a queue, so that every answer
 * arrives within the deadline and the reader keeps serving those it can. The reader's load is estimated
 * from what it does, not configured: how long a query takes when the reader is idle, and how fast queries
 * complete while it is busy (each queued query adds that much).
 */

/** What the reader is doing, as the calls that use it see it. Times are monotonic milliseconds. */
export interface ReaderLoad {
  /** Queries started and not settled; those whose call already timed out still hold the reader. */
  readonly inFlight: number;
  /** Smoothed duration of a query that found the reader idle; unknown until one has. */
  readonly idleLatencyMs?: number;
  /** Smoothed time between two completions while queries were waiting: what each one ahead adds. */
  readonly drainMs?: number;
  /** When the reader last made progress (a completion, or a query to an idle reader). */
  readonly progressAt?: number;
  /** The busy spell's current drain measurement: since when (a completion), and the completions counted after it. */
  readonly window?: { readonly since: number; readonly completions: number };
}

export const IDLE_READER: ReaderLoad = { inFlight: 0 };

/** Weight of the newest sample in the smoothed figures: reacts within a few calls, ignores one outlier. */
const SMOOTHING = 0.2;
/** Until the reader has been seen busy, each query ahead is assumed to add this much (bounds the queue). */
const ASSUMED_DRAIN_MS = 1;
/** No reader drains faster than this: the queue bound never exceeds deadline / this. */
const FASTEST_DRAIN_MS = 0.1;
/** A queue this short is always allowed: one slow sample must not turn every call away. */
const MIN_QUEUE = 4;
/** Never more waiting than the reader thread's channel holds (1,024): its overflow would read as a store refusal. */
const MAX_QUEUE = 1000;

/**
 * A drain sample spans at least this long. Completions reach the calls in batches (the reader thread's
 * channel hands over up to 16 answers in one message), so the time between two of them is mostly 0 and
 * says nothing: the time a batch of them took, divided by their number, does.
 */
export const DRAIN_WINDOW_MS = 5;
/** Completions closer together than this arrived in the same batch. */
const SAME_BATCH_MS = 0.05;

const smooth = (previous: number | undefined, sample: number) =>
  previous === undefined ? sample : previous + SMOOTHING * (sample - previous);

export function queryStarted(load: ReaderLoad, now: number): ReaderLoad {
  if (load.inFlight > 0) return { ...load, inFlight: load.inFlight + 1 };
  // A busy spell begins: the reader's progress counts from here; its drain from its first completion.
  const { window: _previous, ...rest } = load;
  return { ...rest, inFlight: 1, progressAt: now };
}

/**
 * A query settled (answered or failed), `latencyMs` after it started. A query that started on an idle
 * reader measures the idle latency: the time to a spell's first answer. The drain, what each further
 * query adds, is measured from that first answer on, over windows of at least DRAIN_WINDOW_MS closed
 * where a new batch of completions begins (and at the spell's end): the window's time over the
 * completions in it. On a serial reader that is a query's own time, on a pool less. A spell answered in
 * one batch (a query alone, a burst handed over at once) tells nothing about the drain.
 */
export function querySettled(
  load: ReaderLoad,
  settled: { readonly now: number; readonly latencyMs: number; readonly startedIdle: boolean; readonly ceilingMs?: number },
): ReaderLoad {
  // A stalled spell (a lock) must not make the reader look slow for long after: no sample counts beyond the ceiling.
  const ceiling = settled.ceilingMs ?? Number.POSITIVE_INFINITY;
  const { now } = settled;
  const inFlight = Math.max(0, load.inFlight - 1);
  let drainMs = load.drainMs;
  const sample = (elapsedMs: number, completions: number) => {
    drainMs = smooth(drainMs, Math.min(ceiling, elapsedMs / completions));
  };
  let window = load.window;
  if (window === undefined) {
    // The spell's first answer: the time before it is the idle latency's, and its batch is not counted.
    window = { since: now, completions: 0 };
  } else {
    const last = load.progressAt ?? window.since;
    // This completion starts a new batch: the window up to the previous one is long enough to count.
    if (now - last > SAME_BATCH_MS && window.completions > 0 && last - window.since >= DRAIN_WINDOW_MS) {
      sample(last - window.since, window.completions);
      window = { since: last, completions: 0 };
    }
    if (now - window.since > SAME_BATCH_MS) window = { since: window.since, completions: window.completions + 1 };
  }
  if (inFlight === 0) {
    if (window.completions > 0) sample(now - window.since, window.completions);
    window = undefined;
  }
  return {
    inFlight,
    ...optional(
      'idleLatencyMs',
      settled.startedIdle ? smooth(load.idleLatencyMs, Math.min(ceiling, settled.latencyMs)) : load.idleLatencyMs,
    ),
    ...optional('drainMs', drainMs),
    progressAt: now,
    ...(window === undefined ? {} : { window }),
  };
}

/** How many calls may wait on the reader: as many as it can drain within the deadline, from MIN_QUEUE to MAX_QUEUE. */
export function queueBound(deadlineMs: number, drainMs: number | undefined): number {
  return Math.min(MAX_QUEUE, Math.max(MIN_QUEUE, Math.floor(deadlineMs / Math.max(FASTEST_DRAIN_MS, drainMs ?? ASSUMED_DRAIN_MS))));
}

/** When a new call would be answered: after the queries ahead drain, one per `drainMs`, its own query (the idle latency). */
export function expectedAnswerMs(load: ReaderLoad): number {
  return (load.idleLatencyMs ?? 0) + load.inFlight * (load.drainMs ?? 0);
}

/** How long the busy reader has gone without completing anything (0 when idle). */
export function stalledMs(load: ReaderLoad, now: number): number {
  return load.inFlight > 0 && load.progressAt !== undefined ? Math.max(0, now - load.progressAt) : 0;
}

export type AdmissionDecision =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly reason: 'queue_full' | 'too_slow' | 'stalled'; readonly expectedMs: number };

/**
 * Admit a call when the reader is expected to answer within `remainingMs` (what is left of the
 * deadline, ours or the caller's if shorter), the queue is below its bound, and the reader has completed
 * something within that time.
 */
export function admissionDecision(
  load: ReaderLoad,
  call: { readonly now: number; readonly remainingMs: number; readonly deadlineMs: number },
): AdmissionDecision {
  // An idle reader takes every call: it is how the estimates recover after a slow spell (the deadline still holds).
  if (load.inFlight === 0) return { admitted: true };
  const expectedMs = expectedAnswerMs(load);
  if (load.inFlight >= queueBound(call.deadlineMs, load.drainMs)) return { admitted: false, reason: 'queue_full', expectedMs };
  if (expectedMs > call.remainingMs) return { admitted: false, reason: 'too_slow', expectedMs };
  // No completion for as long as this call has left (a lock, a stopped disk): its answer will not come in time.
  if (stalledMs(load, call.now) >= call.remainingMs) return { admitted: false, reason: 'stalled', expectedMs };
  return { admitted: true };
}

function optional<K extends string>(key: K, value: number | undefined): { [key in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [key in K]?: number };
}
