import type { IncomingHttpHeaders } from 'node:http';
import { HttpIngestError } from './http-ingest.errors';

/**
 * How the request carries CloudEvents (CloudEvents HTTP binding 1.0):
 * - `structured`: `application/cloudevents+json`, one event object;
 * - `batch`: `application/cloudevents-batch+json`, an array of event objects;
 * - `json`: `application/json` without `ce-*` headers, one object or an array (decided by the body);
 * - `binary`: `ce-*` headers carry the attributes, the `application/json` body is `data`.
 */
export type ContentMode = 'structured' | 'batch' | 'json' | 'binary';

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';
const JSON_TYPE = 'application/json';

/** Decided from the headers alone, so an unsupported request is refused before its body is read. */
export function resolveContentMode(headers: IncomingHttpHeaders): ContentMode {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new HttpIngestError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding "${encoding}" is not supported; send the body uncompressed`);
  }
  const { mediaType, charset } = parseContentType(headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpIngestError('UNSUPPORTED_MEDIA_TYPE', `charset "${charset}" is not supported; JSON must be UTF-8`);
  }
  // The structured and batch media types win over any ce-* header (the binding says so).
  if (mediaType === STRUCTURED) return 'structured';
  if (mediaType === BATCH) return 'batch';
  if (headers['ce-specversion'] !== undefined) {
    if (mediaType === JSON_TYPE) return 'binary';
    throw new HttpIngestError(
      'UNSUPPORTED_MEDIA_TYPE',
      `binary-mode data must be ${JSON_TYPE} (the catalogue's datacontenttype), not "${mediaType ?? 'none'}"`,
    );
  }
  if (mediaType === JSON_TYPE) return 'json';
  throw new HttpIngestError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Content-Type "${mediaType ?? 'none'}" is not supported; use ${STRUCTURED}, ${BATCH}, or ${JSON_TYPE} (one event, an array, or binary mode with ce-* headers)`,
  );
}

function parseContentType(header: string | undefined): { mediaType?: string; charset?: string } {
  if (header === undefined || header.trim() === '') return {};
  const [mediaType, ...parameters] = header.split(';').map((part) => part.trim());
  const charset = parameters
    .map((parameter) => /^charset\s*=\s*"?([^";\s]+)"?$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  return { mediaType: mediaType.toLowerCase(), charset: charset?.toLowerCase() };
}
