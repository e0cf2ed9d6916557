/** Why a whole ingest request was refused; `HttpExceptionFilter` maps each code to an HTTP status. */
export type HttpIngestErrorCode =
  'INVALID_JSON' | 'INVALID_BATCH' | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_EVENTS' | 'UNSUPPORTED_MEDIA_TYPE' | 'REQUEST_ABORTED';

export class HttpIngestError extends Error {
  constructor(
    readonly code: HttpIngestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpIngestError';
  }
}
