/** Escapes a Prometheus label value. */
export const prometheusLabel = (value: string) => value.replace(/["\\\n]/g, '_');

/** A cumulative histogram in memory since start, printed in the Prometheus text format. */
export class PrometheusHistogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  /** `bounds`: the buckets' upper bounds, ascending, in the metric's unit. */
  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.bounds.forEach((bound, index) => {
      if (value <= bound) this.counts[index] += 1;
    });
    this.sum += value;
    this.count += 1;
  }

  /** Observations so far at or under `bound` (one of the bounds), for tests and benches. */
  countAtMost(bound: number): number {
    const index = this.bounds.indexOf(bound);
    return index === -1 ? Number.NaN : this.counts[index];
  }

  get total(): number {
    return this.count;
  }

  /** The `_bucket`, `_sum` and `_count` lines of `name`, with `labels` (already formatted: `a="b"`) on each. */
  lines(name: string, labels = ''): string[] {
    const withLabels = (extra: string) => `{${[labels, extra].filter((part) => part !== '').join(',')}}`;
    const plain = labels === '' ? '' : `{${labels}}`;
    return [
      ...this.bounds.map((bound, index) => `${name}_bucket${withLabels(`le="${bound}"`)} ${this.counts[index]}`),
      `${name}_bucket${withLabels('le="+Inf"')} ${this.count}`,
      `${name}_sum${plain} ${this.sum}`,
      `${name}_count${plain} ${this.count}`,
    ];
  }
}
