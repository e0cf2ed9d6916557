import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, NotFoundException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthError } from '@app/auth';
import { EventStoreError } from '@app/event-store';
import type { Logger } from '@app/observability';
import { type ExpressRoutes, routeMethods } from './allowed-methods';
import { HttpIngestError } from './http-ingest.errors';
import { clip, HTTP_INGEST_LOGGER } from './http-ingest.logger';
import { type ProblemDetails, problemOf, problemOfStatus, sendProblem } from './problem-details';
import { discardUnreadBody } from './unread-body';
import { InsightsError, InsightsGenerationError } from '@app/insights';

interface Described {
  /** Safe to send: no store URL, path or driver detail. */
  readonly problem: ProblemDetails;
  readonly headers?: Record<string, string>;
}

const INTERNAL_ERROR: Described = { problem: problemOf('INTERNAL_ERROR', 'internal error') };

/**
 * Turns any error of the HTTP app into RFC 9457 problem details (see problem-details.ts). Registered
 * app-wide (APP_FILTER, by HttpIngestModule), so every route has it, and so do unknown routes and
 * methods (Nest's not-found handler raises a NotFoundException through the global filters).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(HTTP_INGEST_LOGGER) private readonly logger: Logger,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const response = http.getResponse<ServerResponse>();
    const described = this.describe(exception, request);
    this.log(described.problem, exception);
    if (response.headersSent || response.destroyed) return;
    if (!request.readableEnded) discardUnreadBody(request, response);
    sendProblem(response, described.problem, described.headers);
  }

  private describe(exception: unknown, request: IncomingMessage): Described {
    if (exception instanceof HttpIngestError) return { problem: problemOf(exception.code, exception.message) };
    if (exception instanceof AuthError) {
      return {
        problem: problemOf(exception.code, exception.message),
        headers: exception.challenge ? { 'WWW-Authenticate': exception.challenge } : {},
      };
    }
    if (exception instanceof InsightsError || exception instanceof InsightsGenerationError) {
      return { problem: problemOf(exception.code, exception.message) };
    }
    if (exception instanceof EventStoreError) {
      const problem = problemOf(exception.code, exception.message);
      // The driver's message names hosts and paths: it is logged, not sent.
      if (problem.status === 503) {
        // A read stored nothing to begin with: only a write is told that none of it was kept.
        const reading = request.method === 'GET' || request.method === 'HEAD';
        const detail = reading
          ? 'the store is unavailable; retry it later'
          : 'the event store is unavailable; nothing of this request was stored, retry it later';
        return { problem: problemOf(exception.code, detail) };
      }
      return problem.status < 500 ? { problem } : INTERNAL_ERROR;
    }
    if (exception instanceof NotFoundException) return this.describeNotFound(exception, request);
    if (exception instanceof HttpException) return { problem: problemOfStatus(exception.getStatus(), exception.message) };
    return INTERNAL_ERROR;
  }

  /** No route for the path (404), a route but not for this method (405 with `Allow`), or a handler's own 404. */
  private describeNotFound(exception: NotFoundException, request: IncomingMessage): Described {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const methods = routeMethods(this.adapterHost.httpAdapter.getInstance<ExpressRoutes>(), url);
    const path = clip(url.split('?')[0]);
    // Nest's not-found handler ("Cannot GET /path"): no route took the request.
    if (methods.length === 0) return { problem: problemOf('NOT_FOUND', `no resource at ${path}`) };
    if (!methods.includes('*') && !methods.includes(method)) {
      return {
        problem: problemOf('METHOD_NOT_ALLOWED', `${path} does not accept ${method}; it accepts ${methods.join(', ')}`),
        headers: { Allow: methods.join(', ') },
      };
    }
    return { problem: problemOf('NOT_FOUND', exception.message) };
  }

  /** Codes (and for server errors the error itself) only: details may quote the body (JSON syntax errors). */
  private log(problem: ProblemDetails, exception: unknown): void {
    const fields = { status: problem.status, code: problem.code };
    if (problem.status >= 500) this.logger.error({ ...fields, err: exception }, 'http request failed');
    else this.logger.info(fields, 'http request refused');
  }
}
