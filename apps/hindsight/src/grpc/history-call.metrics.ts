import { type EventLoopMonitor, PrometheusHistogram } from '@app/observability';
import type { HistoryAdmission, ShedReason } from './history-admission';

/** How a GetHistory call was answered. */
export type HistoryCallOutcome =
  /** `available: true`, with the history. */
  | 'history'
  /** `available: false`, answered at once: the reader could not answer in time (admission control). */
  | 'overloaded'
  /** `available: false`, answered at once: the store refuses (the breaker is open). */
  | 'store_unavailable'
  /** `available: false`: the query did not answer within the deadline. */
  | 'deadline'
  /** `available: false`: the query failed (the store refused, or an unexpected error). */
  | 'failed'
  /** An error status: a bad request, no or a bad token, no scope. */
  | 'rejected';

/** Answer-time buckets (seconds): the deadline is 150 ms by default; an answer after it is late. */
const ANSWER_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.17, 0.2, 0.5, 1, 2.5];

/**
 * The voice agent's calls as `/metrics` shows them: answers by outcome, their time from arrival, calls
 * shed by reason, the reader's queue and estimates, and the event-loop delay of the thread that serves them.
 */
export class HistoryCallMetrics {
  private readonly outcomes = new Map<HistoryCallOutcome, number>();
  private readonly shed = new Map<ShedReason, number>();
  private readonly answers = new PrometheusHistogram(ANSWER_BUCKETS);
  private admission?: HistoryAdmission;

  constructor(private readonly eventLoop?: EventLoopMonitor) {}

  /** The server's admission, whose queue and estimates are shown (set when the server starts). */
  watch(admission: HistoryAdmission): void {
    this.admission = admission;
  }

  recordAnswer(outcome: HistoryCallOutcome, seconds: number): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    this.answers.observe(seconds);
  }

  recordShed(reason: ShedReason): void {
    this.shed.set(reason, (this.shed.get(reason) ?? 0) + 1);
  }

  /** Answers with this outcome so far (tests and benches read it). */
  answered(outcome: HistoryCallOutcome): number {
    return this.outcomes.get(outcome) ?? 0;
  }

  shedCount(reason: ShedReason): number {
    return this.shed.get(reason) ?? 0;
  }

  prometheusLines(): string[] {
    const lines = [
      '# HELP hindsight_history_calls_total GetHistory answers by outcome (history, overloaded, store_unavailable, deadline, failed, rejected).',
      '# TYPE hindsight_history_calls_total counter',
      ...[...this.outcomes].map(([outcome, count]) => `hindsight_history_calls_total{outcome="${outcome}"} ${count}`),
      '# HELP hindsight_history_answer_seconds GetHistory answer time, from the call’s arrival (its event-loop wait included) to the answer.',
      '# TYPE hindsight_history_answer_seconds histogram',
      ...this.answers.lines('hindsight_history_answer_seconds'),
      '# HELP hindsight_history_shed_total Calls answered at once without a query: queue_full, too_slow, stalled (admission), store_unavailable (breaker open).',
      '# TYPE hindsight_history_shed_total counter',
      ...[...this.shed].map(([reason, count]) => `hindsight_history_shed_total{reason="${reason}"} ${count}`),
    ];
    if (this.admission) {
      const { idleLatencyMs, drainMs, breakerOpen } = this.admission.estimates;
      lines.push(
        '# HELP hindsight_history_reader_in_flight History queries running or queued on the reader (timed-out calls’ included).',
        '# TYPE hindsight_history_reader_in_flight gauge',
        `hindsight_history_reader_in_flight ${this.admission.inFlight}`,
        '# HELP hindsight_history_reader_latency_seconds Smoothed time of a query on an idle reader.',
        '# TYPE hindsight_history_reader_latency_seconds gauge',
        `hindsight_history_reader_latency_seconds ${(idleLatencyMs ?? 0) / 1000}`,
        '# HELP hindsight_history_reader_drain_seconds Smoothed time between completions while busy: what each queued query adds.',
        '# TYPE hindsight_history_reader_drain_seconds gauge',
        `hindsight_history_reader_drain_seconds ${(drainMs ?? 0) / 1000}`,
        '# HELP hindsight_history_store_breaker_open 1 while the history store breaker is open (calls answered at once).',
        '# TYPE hindsight_history_store_breaker_open gauge',
        `hindsight_history_store_breaker_open ${breakerOpen ? 1 : 0}`,
      );
    }
    if (this.eventLoop) {
      const delay = this.eventLoop.scrape();
      lines.push(
        '# HELP hindsight_event_loop_delay_seconds Event-loop delay of the gRPC server’s thread (its own in serve) since the previous scrape.',
        '# TYPE hindsight_event_loop_delay_seconds gauge',
        `hindsight_event_loop_delay_seconds{quantile="0.5"} ${delay.p50}`,
        `hindsight_event_loop_delay_seconds{quantile="0.99"} ${delay.p99}`,
        `hindsight_event_loop_delay_seconds{quantile="1"} ${delay.max}`,
      );
    }
    return lines;
  }
}
