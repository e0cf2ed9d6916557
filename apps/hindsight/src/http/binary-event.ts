import type { IncomingHttpHeaders } from 'node:http';

const PREFIX = 'ce-';
/** Attributes that binary mode never takes from a header: the body is `data`. */
const NOT_FROM_HEADERS = new Set(['data', 'data_base64', 'datacontenttype']);

/**
 * A binary-mode CloudEvent (attributes in `ce-*` headers, `data` in the body) as the text of the
 * equivalent structured-mode event, which then goes through `parseEvent` like any other: same size
 * limit (counting the body's exact bytes), same envelope and `data` validation, same normalisation.
 * `dataText` MUST already be known to be valid JSON.
 */
export function binaryToStructured(headers: IncomingHttpHeaders, dataText: string): string {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(PREFIX) || value === undefined) continue;
    const attribute = name.slice(PREFIX.length);
    if (NOT_FROM_HEADERS.has(attribute)) continue;
    attributes[attribute] = percentDecode(Array.isArray(value) ? value.join(',') : value);
  }
  // Binary mode is only accepted with an application/json body (see resolveContentMode).
  attributes.datacontenttype = 'application/json';
  const head = JSON.stringify(attributes);
  return `${head.slice(0, -1)},"data":${dataText}}`;
}

/** The HTTP binding percent-encodes header values outside printable ASCII (UTF-8 bytes). */
function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // Not valid percent-encoding: kept as sent, the parser reports it if the attribute is wrong.
    return value;
  }
}
