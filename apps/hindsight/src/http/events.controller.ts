import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Post, Req, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal, ServiceEndpoint } from '@app/auth';
import { resolveContentMode } from './content-mode';
import { EventsIngestService } from './events-ingest.service';
import { HTTP_INGEST_LIMITS } from './http-ingest.limits';
import { sendIngestResponse } from './ingest-response';
import { readRawBody } from './raw-body.reader';

/**
 * `POST /v1/events`: CloudEvents over HTTP, structured, batch or binary mode. No ValidationPipe: the
 * body is read as bytes and every event goes through the one shared parser.
 *
 * Status codes:
 * - 401 `UNAUTHENTICATED` (with `WWW-Authenticate: Bearer`), 403 `SCOPE_REQUIRED`: when a key is configured,
 *   a service token with the scope `events:write` is needed. A token restricted to a workspace (`ws`) gets
 *   each event of another workspace rejected (`data.workspaceId`), or 403 `WORKSPACE_FORBIDDEN` for a
 *   single event. Without a key (loopback only) the endpoint is open.
 * - 200: the events were processed; `results` has one entry per event. A single event is `accepted` or
 *   `duplicate` (a re-delivery is acknowledged, so the producer stops retrying). A batch is 200 once
 *   processed even when some or all of its events are rejected: the outcome is per event.
 * - 400 with the same body: a single event (structured or binary mode) that the parser rejected.
 * - 400 `INVALID_JSON` (empty, not UTF-8, not JSON), `INVALID_BATCH` (array vs media type mismatch).
 * - 413 `PAYLOAD_TOO_LARGE` (body over 16 MiB), `TOO_MANY_EVENTS` (over 1,000): nothing stored; split it.
 * - 415 `UNSUPPORTED_MEDIA_TYPE` (media type, charset, content encoding), refused before reading the body.
 * - 503 `STORE_UNAVAILABLE` with `Retry-After`: nothing of the request was stored; retry it whole (ids make that safe).
 * The 200 and the rejected single event's 400 carry results (an outcome, not an error); every other
 * answer is RFC 9457 problem details `{ type, title, status, detail, code }` (see problem-details.ts).
 */
@Controller('v1/events')
export class EventsController {
  constructor(private readonly ingest: EventsIngestService) {}

  @Post()
  @ServiceEndpoint('events:write')
  async post(
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
    @CurrentPrincipal() writer: Principal | undefined,
  ): Promise<void> {
    const mode = resolveContentMode(request.headers);
    const body = await readRawBody(request, HTTP_INGEST_LIMITS.requestBytes);
    const outcome = await this.ingest.ingest(mode, body, request.headers, writer);
    sendIngestResponse(response, outcome.single && outcome.response.rejected > 0 ? 400 : 200, outcome.response);
  }
}
