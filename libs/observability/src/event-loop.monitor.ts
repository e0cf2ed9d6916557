import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** How often the lag ticker runs: the finest lag a call can be charged with. */
const TICK_MS = 10;

/**
 * The main thread's event-loop delay, for `/metrics` (Node's `monitorEventLoopDelay` histogram, since
 * the last scrape) and for calls that must count their deadline from their arrival: `lagMs()` is how
 * late the loop's last timer ran. Timers run before I/O in each loop turn, so a request read in a turn
 * that started late waited at least that long unseen.
 */
export class EventLoopMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: TICK_MS });
  private ticker?: NodeJS.Timeout;
  private lastLagMs = 0;
  private lagMeasuredAt = 0;
  /** When what the current turn reads had arrived at the latest; undefined between turns. */
  private turnArrival: number | undefined;

  start(): this {
    if (this.ticker) return this;
    this.histogram.enable();
    let expected = performance.now() + TICK_MS;
    this.ticker = setInterval(() => {
      const now = performance.now();
      this.lastLagMs = Math.max(0, now - expected);
      this.lagMeasuredAt = now;
      expected = now + TICK_MS;
    }, TICK_MS).unref();
    return this;
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.histogram.disable();
  }

  /**
   * How long ago what this turn reads arrived, at least (ms): how late the turn started (the lag measured
   * by the last tick, less the time since: a later turn did not wait for the earlier one's lag), plus the
   * time the turn has run since its first call here. A burst of requests read in one turn all arrived
   * before it started, so the thousandth handler of the turn is charged with the 999 before it.
   */
  lagMs(): number {
    const now = performance.now();
    if (this.turnArrival === undefined) {
      this.turnArrival = now - Math.max(0, this.lastLagMs - (now - this.lagMeasuredAt));
      // The check phase ends the turn's I/O: calls after it read new data.
      setImmediate(this.endTurn);
    }
    return now - this.turnArrival;
  }

  private readonly endTurn = () => {
    this.turnArrival = undefined;
  };

  /** Delay percentiles in seconds since the previous call, then starts a new interval. */
  scrape(): { readonly p50: number; readonly p99: number; readonly max: number; readonly samples: number } {
    // Node records each sampling interval, resolution included: the delay is what exceeds it.
    const seconds = (nanoseconds: number) => (Number.isFinite(nanoseconds) ? Math.max(0, nanoseconds / 1e6 - TICK_MS) / 1e3 : 0);
    const figures = {
      p50: seconds(this.histogram.percentile(50)),
      p99: seconds(this.histogram.percentile(99)),
      max: seconds(this.histogram.max),
      samples: this.histogram.count,
    };
    this.histogram.reset();
    return figures;
  }
}
