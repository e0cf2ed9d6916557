import type { Deadline } from '@grpc/grpc-js';

/** The result of racing some work against a deadline. */
export type DeadlineOutcome<T> =
  { readonly kind: 'settled'; readonly value: T } | { readonly kind: 'failed'; readonly error: unknown } | { readonly kind: 'timeout' };

export interface AnswerBudget {
  /** How long the query may run before we answer without it. */
  readonly milliseconds: number;
  /** Whether the client's own gRPC deadline is what limits it. */
  readonly limitedByClient: boolean;
}

/**
 * Time the query may take: what is left of our own deadline, or of the client's gRPC deadline when that
 * comes first, less a margin (10 ms, or a tenth of the time left when that is more) to encode and send
 * the answer, so that it reaches the caller in time rather than just after (under a burst, hundreds of
 * answers leave together) and the client gets it rather than DEADLINE_EXCEEDED.
 */
export function answerBudget(remainingMs: number, clientDeadline: Deadline, nowMs: number): AnswerBudget {
  const ours = { milliseconds: withMargin(remainingMs), limitedByClient: false };
  const clientDeadlineMs = clientDeadline instanceof Date ? clientDeadline.getTime() : clientDeadline;
  if (!Number.isFinite(clientDeadlineMs)) return ours;
  const clientBudget = withMargin(clientDeadlineMs - nowMs);
  return clientBudget < ours.milliseconds ? { milliseconds: clientBudget, limitedByClient: true } : ours;
}

const withMargin = (leftMs: number) => Math.max(0, Math.floor(leftMs - Math.max(10, leftMs / 10)));

/**
 * Runs `work` and settles with its result, or with `timeout` after `milliseconds`, whichever comes
 * first. Never rejects. Work that loses the race keeps running (a promise cannot be cancelled), but
 * its late result or error is absorbed here. With no time at all the work is not started.
 */
export function raceDeadline<T>(work: () => Promise<T>, milliseconds: number): Promise<DeadlineOutcome<T>> {
  if (milliseconds <= 0) return Promise.resolve({ kind: 'timeout' });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), milliseconds);
    // Promise.resolve().then also turns a synchronous throw from `work` into a failure.
    void Promise.resolve()
      .then(work)
      .then(
        (value) => resolve({ kind: 'settled', value }),
        (error: unknown) => resolve({ kind: 'failed', error }),
      )
      .finally(() => clearTimeout(timer));
  });
}
