import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { ConfigModule, type HindsightConfig } from '@app/config';
import { KafkaIngestionModule } from '@app/kafka-ingestion';
import { ReadSideModule, WriteSideModule } from '@app/projections';
import { GrpcServerModule } from '../grpc';
import { HttpIngestModule } from '../http';
import { MetricsController } from './metrics.controller';

/** `hindsight serve` in one process: HTTP ingest, the projection engine, the gRPC history API, and Kafka when configured. */
@Module({})
export class ServeModule {
  static register(config: HindsightConfig): DynamicModule {
    return {
      module: ServeModule,
      imports: [
        ConfigModule.forRoot(config),
        // Bearer tokens for ingest, gRPC and the agent desktop (the development key is created here on first start).
        AuthModule.forRoot(),
        // Appends and the projection engine in the write-side threads: this one decodes, validates and serves.
        WriteSideModule.forRoot(),
        // History queries in a reader thread on SQLite: a slow read never holds the gRPC thread.
        ReadSideModule.forRoot({ historyReaderThread: true }),
        HttpIngestModule.register(),
        GrpcServerModule.forRoot({
          host: config.host,
          port: config.grpcPort,
          deadlineMs: config.historyDeadlineMs,
          warmUpCalls: config.grpcWarmUpCalls,
        }),
        ...(config.kafkaBrokers ? [KafkaIngestionModule.forRoot()] : []),
      ],
      controllers: [MetricsController],
    };
  }
}
