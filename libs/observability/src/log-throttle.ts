/**
 * At most one line per key per interval: under overload a warning per request would add to the load it
 * reports. The line that gets through says how many were held back since the previous one.
 */
export class LogThrottle {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether this occurrence is logged, and how many of its kind were not since the last one logged. */
  admit(key: string): { readonly log: boolean; readonly suppressed: number } {
    const now = this.now();
    const previous = this.last.get(key);
    if (previous && now - previous.at < this.intervalMs) {
      previous.suppressed += 1;
      return { log: false, suppressed: previous.suppressed };
    }
    this.last.set(key, { at: now, suppressed: 0 });
    return { log: true, suppressed: previous?.suppressed ?? 0 };
  }
}
