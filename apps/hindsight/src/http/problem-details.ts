import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { AuthErrorCode } from '@app/auth';
import type { EventStoreErrorCode } from '@app/event-store';
import type { InsightsErrorCode } from '@app/insights';
import type { HttpIngestErrorCode } from './http-ingest.errors';

/** Refusals of the HTTP server itself (routing, framing), and the error nobody foresaw. */
export type HttpServerErrorCode =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'MALFORMED_REQUEST'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'EXPECTATION_FAILED'
  | 'INTERNAL_ERROR';

export type ProblemCode =
  HttpIngestErrorCode | EventStoreErrorCode | HttpServerErrorCode | AuthErrorCode | InsightsErrorCode | 'LLM_FAILED';

/** The one place where error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<ProblemCode, number> = {
  INVALID_JSON: 400,
  INVALID_BATCH: 400,
  REQUEST_ABORTED: 400,
  MALFORMED_REQUEST: 400,
  STORE_READ_INVALID: 400,
  INVALID_CONTACT: 400,
  INVALID_INSIGHTS_REQUEST: 400,
  UNAUTHENTICATED: 401,
  SCOPE_REQUIRED: 403,
  WORKSPACE_FORBIDDEN: 403,
  AGENT_TOKEN_REQUIRED: 403,
  INSIGHTS_DISABLED: 403,
  USER_NOT_CONFIGURED: 403,
  LICENCE_REQUIRED: 403,
  CONVERSATION_NOT_VISIBLE: 403,
  CONTACT_NOT_VISIBLE: 403,
  NOT_FOUND: 404,
  NO_INSIGHTS: 404,
  CONVERSATION_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_EVENTS: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  EXPECTATION_FAILED: 417,
  EVENT_NOT_STORABLE: 422,
  NO_CALL_TRANSCRIPT: 422,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  LLM_FAILED: 502,
  INSIGHTS_NOT_STORED: 502,
  STORE_UNAVAILABLE: 503,
  AUTH_UNAVAILABLE: 503,
};

/**
 * Every error of the HTTP surface, as RFC 9457 problem details (`application/problem+json`).
 * `type` is `about:blank` for every problem: there is no documentation URL to point a type URI at (a
 * URI that does not resolve, or a domain we do not own, would promise more than it gives), so the
 * problem is identified by `status` and `code`, and `title` is the status's reason phrase (what
 * RFC 9457 asks of `about:blank`). `code` is the stable, upper-snake domain code clients switch on;
 * `detail` is for humans and may change.
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE = 'about:blank';

/** Seconds a client should wait before retrying a 503 (the store is down). */
const RETRY_AFTER_SECONDS = '5';

export function problemOf(code: ProblemCode, detail: string): ProblemDetails {
  return problem(STATUS_BY_CODE[code], code, detail);
}

/** A status raised without one of our codes (an `HttpException` of the framework): its reason phrase becomes the code. */
export function problemOfStatus(status: number, detail: string): ProblemDetails {
  return problem(status, (STATUS_CODES[status] ?? 'Error').toUpperCase().replace(/[^A-Z0-9]+/g, '_'), detail);
}

function problem(status: number, code: string, detail: string): ProblemDetails {
  return { type: PROBLEM_TYPE, title: STATUS_CODES[status] ?? 'Error', status, detail, code };
}

/** Headers that go with a problem whatever sends it: a 401 always says how to authenticate (RFC 9110 §15.5.2). */
function problemHeaders(problem: ProblemDetails): Record<string, string> {
  if (problem.status === 401) return { 'WWW-Authenticate': 'Bearer realm="hindsight"' };
  return problem.status === 503 ? { 'Retry-After': RETRY_AFTER_SECONDS } : {};
}

/** Answers `response` with `problem` (plus `headers`, e.g. `Allow`). The caller checks that nothing was sent yet. */
export function sendProblem(response: ServerResponse, problem: ProblemDetails, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(problem);
  response.statusCode = problem.status;
  for (const [name, value] of Object.entries({ ...problemHeaders(problem), ...headers })) response.setHeader(name, value);
  // Overrides what a failed handler may have set (a route's own content type).
  response.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(body);
}

/**
 * The whole HTTP/1.1 response, as bytes for a socket, when there is no `ServerResponse` to answer with
 * (Node's HTTP parser gave up on the request). The connection closes after it.
 */
export function rawProblemResponse(problem: ProblemDetails): string {
  const body = JSON.stringify(problem);
  const headers = Object.entries(problemHeaders(problem)).map(([name, value]) => `${name}: ${value}`);
  return [
    `HTTP/1.1 ${problem.status} ${problem.title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...headers,
    '',
    body,
  ].join('\r\n');
}
