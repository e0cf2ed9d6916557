/**
 * Concurrent calls for one key share one run (SPEC: two agents asking for one contact's insights at
 * once get one generation, not two racing ones); the next call after it settles starts a new run.
 */
export class SingleFlight<Result> {
  private readonly running = new Map<string, Promise<Result>>();

  run(key: string, work: () => Promise<Result>): Promise<Result> {
    const current = this.running.get(key);
    if (current) return current;
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  get inFlight(): number {
    return this.running.size;
  }
}
