import type { IncomingMessage, ServerResponse } from 'node:http';

/** How much of a refused upload is still read (and thrown away) so that the client sees the answer. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Called when a request is answered before its body was read to the end (413, 415…). Closing the
 * connection at once would make the kernel reset it while the client is still sending, and most
 * HTTP/1.1 clients (fetch included) then report a broken pipe instead of our answer. So the rest of
 * the body is read and discarded ("lingering close"), bounded: a body declared larger than the
 * budget gets `Connection: close` straight away, and past the budget or the delay the socket is cut.
 * Memory stays constant either way.
 */
export function discardUnreadBody(request: IncomingMessage, response: ServerResponse): void {
  const declared = Number(request.headers['content-length']);
  if (declared > DRAIN_BYTES) {
    response.setHeader('Connection', 'close');
    return;
  }
  let discarded = 0;
  const cut = () => request.socket?.destroy();
  const timer = setTimeout(cut, DRAIN_MS).unref();
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > DRAIN_BYTES) cut();
  });
  // Cleared on 'end': the socket may then serve the next request of the connection.
  request.once('end', () => clearTimeout(timer)).once('close', () => clearTimeout(timer));
  request.resume();
}
