/** Hard limits that protect the service from oversized or hostile input. */
export const EVENT_LIMITS = {
  /** A whole CloudEvent, as raw JSON bytes. */
  eventBytes: 4 * 1024 * 1024,
  /** A message body, a note body, a call summary. */
  textBytes: 64 * 1024,
  /** A whole transcript (all segments of a call, or a voicemail transcript). */
  transcriptBytes: 2 * 1024 * 1024,
  /** Number of segments in one call transcript. */
  transcriptSegments: 50_000,
  /** Identifiers (ids, codes, tags). */
  identifierLength: 256,
  /** Human names and labels. */
  nameLength: 512,
  /** CloudEvents `source` (a URI reference). */
  sourceLength: 2048,
  /** Items in small lists (next steps, jobs, licences, inbox ids). */
  listItems: 1000,
  /** Objects and arrays on the way to any value, the event included: `data.segments[0]` is at depth 4. */
  nestingDepth: 32,
  /** Any array, known field or not (the longest known one is a transcript's segments). */
  arrayItems: 50_000,
  /** Any object, known field or not. */
  objectKeys: 1000,
} as const;
