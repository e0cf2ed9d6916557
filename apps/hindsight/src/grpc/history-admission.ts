import { performance } from 'node:perf_hooks';
import {
  admissionDecision,
  breakerAllows,
  breakerRecords,
  CLOSED_BREAKER,
  DEFAULT_STORE_BREAKER_POLICY,
  IDLE_READER,
  queryStarted,
  querySettled,
  type ReaderLoad,
  type StoreBreaker,
  type StoreBreakerPolicy,
} from '@app/history';

/** Why a call was answered at once without a query. */
export type ShedReason = 'queue_full' | 'too_slow' | 'stalled' | 'store_unavailable';

export type Admission =
  | { readonly admitted: false; readonly reason: ShedReason }
  | {
      readonly admitted: true;
      /** Runs the call's query, counted in the reader's load until it settles (even after its call has timed out). */
      readonly run: <T>(query: () => Promise<T>) => Promise<T>;
    };

export interface HistoryAdmissionOptions {
  /** Our deadline: the queue bound derives from it. */
  readonly deadlineMs: number;
  readonly breaker?: StoreBreakerPolicy;
  /** Monotonic milliseconds (tests move it). */
  readonly now?: () => number;
}

/**
 * The reader's load and the store's breaker for one server, with the pure rules deciding
 * (history-admission.rule.ts, store-breaker.rule.ts). One per process: every call shares the reader.
 */
export class HistoryAdmission {
  private load: ReaderLoad = IDLE_READER;
  private breaker: StoreBreaker = CLOSED_BREAKER;
  private readonly now: () => number;
  private readonly policy: StoreBreakerPolicy;

  constructor(private readonly options: HistoryAdmissionOptions) {
    this.now = options.now ?? (() => performance.now());
    this.policy = options.breaker ?? DEFAULT_STORE_BREAKER_POLICY;
  }

  /** Queries running on the reader, those of timed-out calls included. */
  get inFlight(): number {
    return this.load.inFlight;
  }

  /** The reader's measured figures, for /metrics. */
  get estimates(): { readonly idleLatencyMs?: number; readonly drainMs?: number; readonly breakerOpen: boolean } {
    return { idleLatencyMs: this.load.idleLatencyMs, drainMs: this.load.drainMs, breakerOpen: this.breaker.state !== 'closed' };
  }

  /** Whether a call with `remainingMs` left may query the reader. */
  admit(remainingMs: number): Admission {
    const now = this.now();
    const allowed = breakerAllows(this.breaker, now, this.policy);
    this.breaker = allowed.breaker;
    if (!allowed.allowed) return { admitted: false, reason: 'store_unavailable' };
    const decision = admissionDecision(this.load, { now, remainingMs, deadlineMs: this.options.deadlineMs });
    if (!decision.admitted) return { admitted: false, reason: decision.reason };
    return { admitted: true, run: (query) => this.run(query) };
  }

  private async run<T>(query: () => Promise<T>): Promise<T> {
    const startedIdle = this.load.inFlight === 0;
    const started = this.now();
    this.load = queryStarted(this.load, started);
    let refused = false;
    try {
      return await query();
    } catch (error) {
      refused = (error as { code?: unknown } | undefined)?.code === 'STORE_UNAVAILABLE';
      throw error;
    } finally {
      const now = this.now();
      this.load = querySettled(this.load, { now, latencyMs: now - started, startedIdle, ceilingMs: this.options.deadlineMs });
      this.breaker = breakerRecords(this.breaker, refused ? 'refused' : 'ok', now, this.policy);
    }
  }
}
