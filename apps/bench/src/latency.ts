/** How the load is offered: a fixed number of calls in flight, or a fixed arrival rate. */
export type Load = { readonly concurrency: number } | { readonly perSecond: number };

export const describeLoad = (load: Load): string =>
  'concurrency' in load ? `concurrency ${load.concurrency}` : `${load.perSecond.toLocaleString('en-US')} calls/s offered`;

/** Latency statistics of a set of timed calls. */
export interface LatencyFigures {
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly perSecond: number;
}

/** Runs `total` calls of `call` with `concurrency` in flight (closed loop: saturation), timing each one. */
export async function measureLatency(
  total: number,
  concurrency: number,
  call: (index: number) => Promise<unknown>,
): Promise<LatencyFigures> {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < total; index = next++) {
      const begin = performance.now();
      await call(index);
      durations.push(performance.now() - begin);
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
export async function measureOpenLoop(
  total: number,
  perSecond: number,
  call: (index: number) => Promise<unknown>,
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
          () => void durations.push(performance.now() - due),
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

function summarize(durations: number[], total: number, elapsed: number): LatencyFigures {
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
