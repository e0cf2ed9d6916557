import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { answerClientError } from './client-error.handler';
import { clip } from './http-ingest.logger';
import { problemOf, sendProblem } from './problem-details';

/**
 * Largest request line and headers, in bytes (Node's default is 16 KiB). Binary-mode CloudEvents carry
 * their attributes in headers: `ce-source` up to 2,048 characters and `ce-id` up to 256 (the parser's
 * limits), percent-encoded (up to 9 bytes per character outside ASCII), plus `ce-subject`, `ce-type`
 * and extensions. 64 KiB holds all of them with room; beyond it the answer is a 431 problem.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * How long an idle keep-alive connection stays open (Node's default is 5 s). A client that reuses a pooled
 * connection just as the server closes it gets ECONNRESET on a request that never reached us (seen from
 * node:http's Agent, which ignores the `Keep-Alive: timeout` hint, under steady HTTP ingest). Longer than
 * the common load balancers' idle timeouts (60 s), so that they, not this server, close idle connections
 * (RFC 9112 §9.6: either side may close an idle connection; the one that cannot know the other is about to
 * send should not). Stopping still closes idle connections at once.
 */
export const HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Nest's Express adapter with our `http.Server` (the adapter creates it with `http.createServer(app)`
 * and no options): the header limit and keep-alive timeout above, and Node's own bare answers replaced by
 * problem details (malformed framing, a missing Host header, an unsupported Expect).
 */
export class HttpServerAdapter extends ExpressAdapter {
  /**
   * Connections that have not carried a request yet. Node's `server.close()` closes idle keep-alive connections
   * but waits for these (a client's spare socket, or one that connects and says nothing): they would hold a
   * SIGTERM until the client gives up (undici's keep-alive, 4 s) or the headers timeout (60 s).
   */
  private readonly unused = new Set<Socket>();

  /** Stops accepting, closes idle connections (Node), and those that never carried a request; requests in flight finish. */
  override close(): Promise<unknown> | undefined {
    const closing = super.close();
    for (const socket of this.unused) socket.destroy();
    this.unused.clear();
    return closing;
  }

  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) {
      throw new Error('HttpServerAdapter serves plain HTTP and does not track connections (no httpsOptions, no forceCloseConnections)');
    }
    // The response in flight on each connection: `clientError` must not write into one that has started.
    const responses = new WeakMap<Duplex, ServerResponse>();
    const app = this.getInstance<RequestListener>();
    const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false }, (request, response) => {
      this.unused.delete(request.socket);
      responses.set(request.socket, response);
      if (missesHost(request)) {
        // What `requireHostHeader` does (RFC 9112 §3.2), with a problem body instead of Node's empty 400.
        sendProblem(response, problemOf('MALFORMED_REQUEST', 'an HTTP/1.1 request must carry a Host header'), { Connection: 'close' });
        return;
      }
      app(request, response);
    });
    server.keepAliveTimeout = HTTP_KEEP_ALIVE_TIMEOUT_MS;
    server.on('connection', (socket: Socket) => {
      this.unused.add(socket);
      socket.once('close', () => this.unused.delete(socket));
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
      answerClientError(error, socket, (connection) => {
        const response = responses.get(connection);
        return response !== undefined && response.headersSent && !response.writableFinished;
      }),
    );
    server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
      const expectation = clip(request.headers.expect);
      sendProblem(response, problemOf('EXPECTATION_FAILED', `Expect "${expectation}" is not supported; only 100-continue is`), {
        Connection: 'close',
      });
    });
    this.setHttpServer(server);
  }
}

const missesHost = (request: IncomingMessage) =>
  request.headers.host === undefined && request.httpVersionMajor === 1 && request.httpVersionMinor === 1;
