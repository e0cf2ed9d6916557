import type { Provider } from '@nestjs/common';
import { HindsightConfig } from '@app/config';
import { createLogger, type Logger } from '@app/observability';

/** DI token of the pino logger of the HTTP ingest endpoint. */
export const HTTP_INGEST_LOGGER = Symbol('HTTP_INGEST_LOGGER');

/** The given logger (tests capture it), else one at the configured level, on stderr. */
export function httpIngestLoggerProvider(logger?: Logger): Provider {
  return logger
    ? { provide: HTTP_INGEST_LOGGER, useValue: logger }
    : {
        provide: HTTP_INGEST_LOGGER,
        inject: [HindsightConfig],
        useFactory: (config: HindsightConfig) => createLogger(config.logLevel, 'http-ingest'),
      };
}

const LOGGED_TEXT_LENGTH = 200;

/** Ids, types and field names come from the client: bounded before they reach a log line. */
export const clip = (text: string | undefined): string | undefined =>
  text === undefined || text.length <= LOGGED_TEXT_LENGTH ? text : `${text.slice(0, LOGGED_TEXT_LENGTH)}…`;
