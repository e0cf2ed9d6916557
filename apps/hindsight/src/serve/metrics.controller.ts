import { Controller, Get, Header, Inject, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { KafkaIngestionLifecycle } from '@app/kafka-ingestion';
import { BACKGROUND_PROJECTION, type BackgroundProjection } from '@app/projections';

const label = (value: string) => value.replace(/["\\\n]/g, '_');

/** `GET /metrics` in the Prometheus text format: consumer lag per partition, log head, projection checkpoint. */
@Controller()
export class MetricsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BACKGROUND_PROJECTION) private readonly projection: BackgroundProjection,
    @Optional() private readonly kafka?: KafkaIngestionLifecycle,
  ) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    const head = await this.store.headPosition();
    const checkpoint = await this.projection.checkpoint();
    const lines = [
      '# HELP hindsight_event_store_head_position Highest position in the event log.',
      '# TYPE hindsight_event_store_head_position gauge',
      `hindsight_event_store_head_position ${head}`,
      '# HELP hindsight_projection_lag_events Events appended but not yet projected into the read models.',
      '# TYPE hindsight_projection_lag_events gauge',
      `hindsight_projection_lag_events ${Math.max(0, head - checkpoint)}`,
    ];
    if (this.kafka) {
      lines.push('# HELP hindsight_kafka_consumer_lag Messages behind the end of each partition, as of its last batch.');
      lines.push('# TYPE hindsight_kafka_consumer_lag gauge');
      for (const [key, lag] of this.kafka.ingestion.lag()) {
        const [topic, partition] = key.split('/');
        lines.push(`hindsight_kafka_consumer_lag{topic="${label(topic)}",partition="${label(partition)}"} ${lag}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
