/** What serve's `/metrics` says about GetHistory: counters are read before and after a run, and subtracted. */
export interface ServeHistoryMetrics {
  /** `hindsight_history_calls_total` by outcome. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** `hindsight_history_shed_total` by reason. */
  readonly shed: Readonly<Record<string, number>>;
  /** `hindsight_history_answer_seconds` (from the call's arrival, by serve's clock): cumulative counts by bucket bound (`le`), and the total. */
  readonly answerBuckets: Readonly<Record<string, number>>;
  readonly answers: number;
  /** `hindsight_event_loop_delay_seconds`, in ms, since the previous scrape (so over the run, when scraped before it). */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly projectionLag: number;
}

export async function scrapeServeMetrics(httpUrl: string): Promise<ServeHistoryMetrics> {
  // A store that blocks reads also holds /metrics (it reads the log's head): give up rather than wait with it.
  const response = await fetch(new URL('/metrics', httpUrl), { signal: AbortSignal.timeout(2_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics: HTTP ${response.status}`);
  const outcomes: Record<string, number> = {};
  const shed: Record<string, number> = {};
  const answerBuckets: Record<string, number> = {};
  let answers = 0;
  let loopDelayP99Ms = 0;
  let loopDelayMaxMs = 0;
  let projectionLag = 0;
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(\w+)="([^"]*)"\})? (\S+)$/.exec(line);
    if (!match) continue;
    const [, name, , label, raw] = match;
    const value = Number(raw);
    if (name === 'hindsight_history_calls_total') outcomes[label] = value;
    else if (name === 'hindsight_history_shed_total') shed[label] = value;
    else if (name === 'hindsight_history_answer_seconds_bucket') answerBuckets[label] = value;
    else if (name === 'hindsight_history_answer_seconds_count') answers = value;
    else if (name === 'hindsight_event_loop_delay_seconds' && label === '0.99') loopDelayP99Ms = value * 1000;
    else if (name === 'hindsight_event_loop_delay_seconds' && label === '1') loopDelayMaxMs = value * 1000;
    else if (name === 'hindsight_projection_lag_events') projectionLag = value;
  }
  return { outcomes, shed, answerBuckets, answers, loopDelayP99Ms, loopDelayMaxMs, projectionLag };
}

/** The counters' increase from `before` to `after`; the gauges as `after` reads them. */
export function metricsDuring(before: ServeHistoryMetrics, after: ServeHistoryMetrics): ServeHistoryMetrics {
  const minus = (later: Readonly<Record<string, number>>, earlier: Readonly<Record<string, number>>) =>
    Object.fromEntries(
      Object.entries(later)
        .map(([key, value]) => [key, value - (earlier[key] ?? 0)] as const)
        .filter(([, value]) => value > 0),
    );
  return {
    ...after,
    outcomes: minus(after.outcomes, before.outcomes),
    shed: minus(after.shed, before.shed),
    answerBuckets: minus(after.answerBuckets, before.answerBuckets),
    answers: after.answers - before.answers,
  };
}

/** Answers serve itself timed at more than `milliseconds` from arrival, when that is one of its bucket bounds. */
export function answersOver(metrics: ServeHistoryMetrics, milliseconds: number): number | undefined {
  const bound = Object.keys(metrics.answerBuckets).find((le) => le !== '+Inf' && Math.abs(Number(le) * 1000 - milliseconds) < 1e-6);
  return bound === undefined ? undefined : metrics.answers - metrics.answerBuckets[bound];
}

/** Waits until serve has projected everything appended (at most `timeoutMs`); how long it took, or undefined if it never did. */
export async function waitForProjection(httpUrl: string, timeoutMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const lag = await scrapeServeMetrics(httpUrl).then(
      (metrics) => metrics.projectionLag,
      () => undefined,
    );
    if (lag === 0) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
