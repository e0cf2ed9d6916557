import { PassThrough } from 'node:stream';
import { answerClientError, clientErrorProblem } from './client-error.handler';

const nodeError = (code: string, message = 'Parse Error: Invalid method encountered') => Object.assign(new Error(message), { code });

/** A socket stand-in that records what is written to it. */
function socket() {
  const stream = new PassThrough();
  const written: string[] = [];
  stream.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
  return { stream, written: () => written.join('') };
}

describe('clientErrorProblem (Node refused the bytes before the app saw a request)', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'HEADERS_TOO_LARGE'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST_TIMEOUT'],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, 'PAYLOAD_TOO_LARGE'],
    ['HPE_INVALID_METHOD', 400, 'MALFORMED_REQUEST'],
    ['HPE_INVALID_HEADER_TOKEN', 400, 'MALFORMED_REQUEST'],
  ])('%s: %i %s', (code, status, problemCode) => {
    expect(clientErrorProblem(nodeError(code))).toMatchObject({ type: 'about:blank', status, code: problemCode });
  });

  it("quotes llhttp's reason, without its prefix", () => {
    expect(clientErrorProblem(nodeError('HPE_INVALID_METHOD')).detail).toBe(
      'the request is not valid HTTP/1.1: Invalid method encountered',
    );
  });
});

describe('answerClientError', () => {
  afterEach(() => jest.useRealTimers());

  it('writes the problem as a whole HTTP/1.1 response, ends the connection and destroys it after a bounded linger', () => {
    jest.useFakeTimers();
    const { stream, written } = socket();
    answerClientError(nodeError('ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout'), stream, () => false);

    const [head, body] = written().split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual([
      'HTTP/1.1 408 Request Timeout',
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ]);
    expect(JSON.parse(body)).toEqual({
      type: 'about:blank',
      title: 'Request Timeout',
      status: 408,
      detail: 'the request did not arrive in time',
      code: 'REQUEST_TIMEOUT',
    });
    expect(stream.writableEnded).toBe(true);
    expect(stream.destroyed).toBe(false);
    jest.runAllTimers();
    expect(stream.destroyed).toBe(true);
  });

  it.each([
    ['a response of the connection has started', () => true, nodeError('HPE_INVALID_METHOD')],
    ['the client reset the connection', () => false, nodeError('ECONNRESET', 'read ECONNRESET')],
  ])('writes nothing when %s, and destroys the socket', (_name, responseStarted, error) => {
    const { stream, written } = socket();
    answerClientError(error, stream, responseStarted);

    expect(written()).toBe('');
    expect(stream.destroyed).toBe(true);
  });
});
