/** Rows written before the first ANALYZE of a process; then after each doubling of what it has written. */
const FIRST_ANALYZE_AFTER_ROWS = 10_000;

/**
 * Keeps the planner's statistics current after bulk writes (a rebuild, a backfill), even on a server
 * whose autovacuum is off or slow to get there: ANALYZE after 10k rows, 20k, 40k… written by this
 * process (logarithmic: a million rows cost 7). ANALYZE samples, locks nothing that reads or writes
 * need, and runs in the background; one at a time; a failure waits for the next threshold.
 */
export class TableStatistics {
  private writtenRows = 0;
  private nextAnalyzeAt = FIRST_ANALYZE_AFTER_ROWS;
  private running?: Promise<void>;

  constructor(private readonly analyze: () => Promise<void>) {}

  written(rows: number): void {
    this.writtenRows += rows;
    if (this.writtenRows < this.nextAnalyzeAt || this.running) return;
    this.nextAnalyzeAt = this.writtenRows * 2;
    this.running = this.analyze()
      .catch(() => undefined)
      .finally(() => (this.running = undefined));
  }

  /** Resolves when the ANALYZE in progress (if any) is done (tests, and close). */
  async settled(): Promise<void> {
    await this.running;
  }
}
