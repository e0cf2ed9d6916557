import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { EventStoreError, type EventStoreErrorCode } from '@app/event-store';
import type { Logger } from '@app/observability';
import { HttpIngestError, type HttpIngestErrorCode } from './http-ingest.errors';
import { HTTP_INGEST_LOGGER } from './http-ingest.logger';
import type { ErrorResponse } from './ingest-response';
import { discardUnreadBody } from './unread-body';

/** The one place where error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<HttpIngestErrorCode | EventStoreErrorCode, number> = {
  INVALID_JSON: 400,
  INVALID_BATCH: 400,
  REQUEST_ABORTED: 400,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_EVENTS: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  STORE_READ_INVALID: 400,
  STORE_UNAVAILABLE: 503,
  EVENT_NOT_STORABLE: 422,
};

/** Seconds a client should wait before retrying when the store is down. */
const RETRY_AFTER_SECONDS = '5';

interface Described {
  readonly status: number;
  readonly code: string;
  /** Safe to send: no store URL, path or driver detail. */
  readonly message: string;
}

const INTERNAL_ERROR: Described = { status: 500, code: 'INTERNAL_ERROR', message: 'internal error' };

/** Turns any error of the HTTP controllers into `{ error: { code, message } }` with the mapped status. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(@Inject(HTTP_INGEST_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const response = http.getResponse<ServerResponse>();
    const described = this.describe(exception);
    this.log(described, exception);
    if (response.headersSent || response.destroyed) return;
    if (!request.readableEnded) discardUnreadBody(request, response);
    if (described.status === 503) response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    const body: ErrorResponse = { error: { code: described.code, message: described.message } };
    response.statusCode = described.status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(body));
  }

  private describe(exception: unknown): Described {
    if (exception instanceof HttpIngestError) {
      return { status: STATUS_BY_CODE[exception.code], code: exception.code, message: exception.message };
    }
    if (exception instanceof EventStoreError) {
      const status = STATUS_BY_CODE[exception.code];
      // The driver's message names hosts and paths: it is logged, not sent.
      if (status === 503)
        return {
          status,
          code: exception.code,
          message: 'the event store is unavailable; nothing of this request was stored, retry it later',
        };
      if (status < 500) return { status, code: exception.code, message: exception.message };
      return INTERNAL_ERROR;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, code: (STATUS_CODES[status] ?? 'Error').toUpperCase().replace(/[^A-Z0-9]+/g, '_'), message: exception.message };
    }
    return INTERNAL_ERROR;
  }

  /** Codes (and for server errors the error itself) only: messages may quote the body (JSON syntax errors). */
  private log(described: Described, exception: unknown): void {
    const fields = { status: described.status, code: described.code };
    if (described.status >= 500) this.logger.error({ ...fields, err: exception }, 'http request failed');
    else this.logger.info(fields, 'http request refused');
  }
}
