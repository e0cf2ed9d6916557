/**
 * How the load is offered: a fixed number of calls in flight, a fixed arrival rate, or bursts (`size`
 * calls sent at once, the next round when the last answer of this one is in).
 */
export type Load = SteadyLoad | { readonly rounds: number; readonly size: number };
export type SteadyLoad = { readonly concurrency: number } | { readonly perSecond: number };

export const describeLoad = (load: Load): string =>
  'concurrency' in load
    ? `concurrency ${load.concurrency}`
    : 'perSecond' in load
      ? `${load.perSecond.toLocaleString('en-US')} calls/s offered`
      : `${load.rounds} bursts of ${load.size.toLocaleString('en-US')} concurrent calls`;

/** Told each answer and how long it took (from when the call was due): to count answers by kind and lateness. */
export type OnAnswer<T> = (answer: T, milliseconds: number) => void;

/** Latency statistics of a set of timed calls. */
export interface LatencyFigures {
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly perSecond: number;
}

/** Runs `total` calls of `call` with `concurrency` in flight (closed loop: saturation), timing each one. */
export async function measureLatency<T>(
  total: number,
  concurrency: number,
  call: (index: number) => Promise<T>,
  onAnswer?: OnAnswer<T>,
): Promise<LatencyFigures> {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < total; index = next++) {
      const begin = performance.now();
      const answer = await call(index);
      const duration = performance.now() - begin;
      durations.push(duration);
      onAnswer?.(answer, duration);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarize(durations, total, performance.now() - started);
}

/**
 * Starts `total` calls at a fixed rate, whatever the answers (open loop: how callers arrive), and
 * times each from when it was due, not from when it could be sent: a stalled server then shows in the
 * figures instead of slowing the load down (no coordinated omission).
 */
export async function measureOpenLoop<T>(
  total: number,
  perSecond: number,
  call: (index: number) => Promise<T>,
  onAnswer?: OnAnswer<T>,
): Promise<LatencyFigures> {
  const durations: number[] = [];
  const calls: Array<Promise<void>> = [];
  const started = performance.now();
  const interval = 1000 / perSecond;
  let failure: Error | undefined;
  for (let index = 0; index < total;) {
    const now = performance.now();
    for (; index < total && started + index * interval <= now; index++) {
      const due = started + index * interval;
      calls.push(
        call(index).then(
          (answer) => {
            const duration = performance.now() - due;
            durations.push(duration);
            onAnswer?.(answer, duration);
          },
          (error: unknown) => void (failure ??= error instanceof Error ? error : new Error(String(error))),
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + index * interval - performance.now())));
  }
  await Promise.all(calls);
  if (failure !== undefined) throw failure;
  return summarize(durations, total, performance.now() - started);
}

/**
 * `rounds` bursts of `size` calls sent at once, each round when every answer of the previous one is in
 * (callers that all arrive together, as after a network hiccup); each call timed from its round's start.
 */
export async function measureBursts<T>(
  rounds: number,
  size: number,
  call: (index: number) => Promise<T>,
  onAnswer?: OnAnswer<T>,
): Promise<LatencyFigures> {
  const durations: number[] = [];
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    const due = performance.now();
    await Promise.all(
      Array.from({ length: size }, async (_unused, index) => {
        const answer = await call(round * size + index);
        const duration = performance.now() - due;
        durations.push(duration);
        onAnswer?.(answer, duration);
      }),
    );
  }
  return summarize(durations, rounds * size, performance.now() - started);
}

export function summarize(durations: number[], total: number, elapsed: number): LatencyFigures {
  durations.sort((left, right) => left - right);
  const at = (quantile: number) => durations[Math.min(durations.length - 1, Math.floor(quantile * durations.length))];
  return { requests: total, p50: at(0.5), p99: at(0.99), max: durations[durations.length - 1], perSecond: (total / elapsed) * 1000 };
}

export const formatLatency = (label: string, figures: LatencyFigures): Record<string, string> => ({
  path: label,
  'p50 ms': figures.p50.toFixed(3),
  'p99 ms': figures.p99.toFixed(3),
  'max ms': figures.max.toFixed(3),
  'requests/s': Math.round(figures.perSecond).toLocaleString('en-US'),
});
