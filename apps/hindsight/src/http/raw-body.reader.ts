import type { IncomingMessage } from 'node:http';
import { HttpIngestError } from './http-ingest.errors';
import { MIB } from './http-ingest.limits';

const tooLarge = (limitBytes: number, what: string) =>
  new HttpIngestError('PAYLOAD_TOO_LARGE', `${what}; the limit is ${limitBytes} bytes (${limitBytes / MIB} MiB) per request`);

/**
 * Reads the request body as bytes, refusing it as soon as it exceeds `limitBytes`: at once when the
 * declared Content-Length is too large (nothing is read), otherwise at the first chunk past the limit
 * (a chunked upload). At most `limitBytes` are ever held in memory.
 *
 * Requires the app to run without Nest's body parser (`bodyParser: false`, see `createHttpApp`):
 * a parser would have consumed the stream, with its own limits and errors.
 */
export function readRawBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  if (request.readableEnded) {
    return Promise.reject(new Error('the request body was already consumed: create the HTTP app with { bodyParser: false }'));
  }
  const declared = Number(request.headers['content-length']);
  if (declared > limitBytes) return Promise.reject(tooLarge(limitBytes, `the body is ${declared} bytes`));

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > limitBytes) {
        stop();
        // Not destroyed, so the 413 can still be sent; the filter then discards the rest.
        request.pause();
        reject(tooLarge(limitBytes, `the body exceeds ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      stop();
      reject(new HttpIngestError('REQUEST_ABORTED', `the request body could not be read: ${error.message}`));
    };
    const onClose = () => onError(new Error('the client closed the connection'));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
