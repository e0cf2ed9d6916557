/** Latency statistics of a set of timed calls. */
export interface LatencyFigures {
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly perSecond: number;
}

/** Runs `total` calls of `call` with `concurrency` in flight, timing each one. */
export async function measureLatency(total: number, concurrency: number, call: (index: number) => Promise<unknown>): Promise<LatencyFigures> {
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
  const elapsed = performance.now() - started;
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
