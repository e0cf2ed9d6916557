import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { KafkaIngestionLifecycle } from '@app/kafka-ingestion';
import { HINDSIGHT_PROJECTIONS } from '@app/history';
import { InsightsGenerationMetrics } from '@app/insights-llm';
import { prometheusLabel as label } from '@app/observability';
import { BACKGROUND_PROJECTION, type BackgroundProjection, type QuarantineSummary } from '@app/projections';
import { GrpcServerLifecycle } from '../grpc/grpc-server.lifecycle';
import { raceDeadline } from '../grpc/query-deadline';

/**
 * `GET /metrics` in the Prometheus text format: consumer lag per partition, log head, projection lag, quarantined events,
 * insights generations (by provider and outcome, model failures, tokens, generation time) when the generator is wired,
 * and the voice agent's calls (answers by outcome and time, shed calls, the reader's queue, event-loop delay).
 */
@Controller()
export class MetricsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BACKGROUND_PROJECTION) private readonly projection: BackgroundProjection,
    @Optional() private readonly kafka?: KafkaIngestionLifecycle,
    @Optional() private readonly insights?: InsightsGenerationMetrics,
    @Optional() private readonly grpc?: GrpcServerLifecycle,
  ) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    // A locked or unreachable store must not take the rest with it (the gRPC counters matter most then):
    // its figures are left out of a scrape they would hold longer than STORE_FIGURES_TIMEOUT_MS, and it says so.
    const figures = await raceDeadline(
      () => Promise.all([this.store.headPosition(), this.projection.checkpoint(), this.projection.quarantine()]),
      STORE_FIGURES_TIMEOUT_MS,
    );
    const lines = [
      '# HELP hindsight_metrics_store_answered 1 when the store gave this scrape its figures (log head, projection lag, quarantine) in time.',
      '# TYPE hindsight_metrics_store_answered gauge',
      `hindsight_metrics_store_answered ${figures.kind === 'settled' ? 1 : 0}`,
      ...(figures.kind === 'settled' ? storeLines(...figures.value) : []),
    ];
    if (this.kafka) {
      lines.push('# HELP hindsight_kafka_consumer_lag Messages behind the end of each partition, as of its last batch.');
      lines.push('# TYPE hindsight_kafka_consumer_lag gauge');
      for (const [key, lag] of this.kafka.ingestion.lag()) {
        const [topic, partition] = key.split('/');
        lines.push(`hindsight_kafka_consumer_lag{topic="${label(topic)}",partition="${label(partition)}"} ${lag}`);
      }
    }
    if (this.insights) lines.push(...this.insights.prometheusLines());
    if (this.grpc) lines.push(...(await this.grpc.historyMetricsLines()));
    return `${lines.join('\n')}\n`;
  }
}

/** How long a scrape waits for the store's figures (Prometheus's default scrape timeout is 10 s). */
const STORE_FIGURES_TIMEOUT_MS = 2_000;

function storeLines(head: number, checkpoint: number, quarantine: QuarantineSummary): string[] {
  // Every projection, at 0 when it has no entry: an alert can tell "none" from "not reported".
  const quarantined = new Map([...HINDSIGHT_PROJECTIONS.map((projection) => [projection.collection, 0] as const), ...quarantine.entries]);
  return [
    '# HELP hindsight_event_store_head_position Highest position in the event log.',
    '# TYPE hindsight_event_store_head_position gauge',
    `hindsight_event_store_head_position ${head}`,
    '# HELP hindsight_projection_lag_events Events appended but not yet projected into the read models.',
    '# TYPE hindsight_projection_lag_events gauge',
    `hindsight_projection_lag_events ${Math.max(0, head - checkpoint)}`,
    '# HELP hindsight_projection_quarantined_events Events a projection could not fold, kept aside (hindsight quarantine list).',
    '# TYPE hindsight_projection_quarantined_events gauge',
    ...[...quarantined].map(([projection, count]) => `hindsight_projection_quarantined_events{projection="${label(projection)}"} ${count}`),
    '# HELP hindsight_projection_quarantines_total Folds quarantined since this process started (a re-fold that fails again counts again).',
    '# TYPE hindsight_projection_quarantines_total counter',
    `hindsight_projection_quarantines_total ${quarantine.sinceStart}`,
  ];
}
