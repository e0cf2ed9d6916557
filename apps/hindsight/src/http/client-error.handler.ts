import type { Duplex } from 'node:stream';
import { type ProblemDetails, problemOf, rawProblemResponse } from './problem-details';

/** How long a refused connection stays open after the answer, reading what the client still sends. */
const LINGER_MS = 2_000;

/** Whether a response of this connection has started: bytes of ours would then corrupt it. */
export type ResponseStarted = (socket: Duplex) => boolean;

/**
 * `clientError` of the HTTP server: Node's parser refused the bytes of a request before any
 * `ServerResponse` existed (malformed request line or headers, headers over the limit, a request too
 * slow to arrive). Node's own answer is a bare status line; this one is the problem-details JSON of
 * every other error, written on the socket when it is still writable and no response of the connection
 * has started, then the connection closes.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, responseStarted: ResponseStarted): void {
  // A client that went away, or a connection already answered: nothing to say.
  if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket)) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(clientErrorProblem(error)));
  // Not destroyed at once: unread bytes of the request would make the kernel reset the connection,
  // and the client would see the reset instead of the answer. Bounded, and the rest is thrown away.
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** The problem for one of Node's parser or timeout errors (codes of llhttp and of Node's HTTP server). */
export function clientErrorProblem(error: NodeJS.ErrnoException): ProblemDetails {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return problemOf('HEADERS_TOO_LARGE', 'the request line and headers exceed the limit of the server; send shorter headers');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return problemOf('PAYLOAD_TOO_LARGE', 'the chunk extensions of the body are too large');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problemOf('REQUEST_TIMEOUT', 'the request did not arrive in time');
    default:
      // llhttp's reason ("Invalid method encountered", "Invalid header value char"), never the bytes themselves.
      return problemOf('MALFORMED_REQUEST', `the request is not valid HTTP/1.1: ${parserReason(error)}`);
  }
}

function parserReason(error: NodeJS.ErrnoException): string {
  return error.message.replace(/^Parse Error: /, '') || (error.code ?? 'unknown error');
}
