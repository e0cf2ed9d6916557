import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { INGEST_EVENTS_PROVIDER } from '@app/ingestion';
import type { Logger } from '@app/observability';
import { EventsController } from './events.controller';
import { EventsIngestService } from './events-ingest.service';
import { HealthController } from './health.controller';
import { HttpExceptionFilter } from './http-exception.filter';
import { httpIngestLoggerProvider } from './http-ingest.logger';

export interface HttpIngestOptions {
  /** Where the endpoint logs; by default a pino logger at the configured level on stderr. */
  readonly logger?: Logger;
}

/**
 * `POST /v1/events` and `GET /health`, and the error filter of the whole HTTP app (APP_FILTER is
 * global: every controller of the app, and unknown routes, answer errors as problem details). Needs, from the root module, `ConfigModule.forRoot(config)` and
 * `EventStoreModule.forRoot()` (both global), and an app created without Nest's body parser
 * (`createHttpApp`), because the endpoint reads the raw body itself to enforce exact limits.
 */
@Module({})
export class HttpIngestModule {
  static register(options: HttpIngestOptions = {}): DynamicModule {
    return {
      module: HttpIngestModule,
      controllers: [EventsController, HealthController],
      providers: [
        INGEST_EVENTS_PROVIDER,
        EventsIngestService,
        httpIngestLoggerProvider(options.logger),
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
