import { EVENT_LIMITS, type ParseResult } from '@app/events';
import { nestingDepth } from './json-model';

/** The nesting an accepted event may have (its own object is level 1, `data` level 2). */
export const MAX_EVENT_NESTING = 32;

/** Pseudo-fields of errors about a whole input rather than one of its fields. */
const WHOLE_INPUT_FIELDS = new Set(['(event)', '(message)']);

/**
 * Why a parse result is not well-formed, or undefined when it is: `ok` with an event, or not `ok` with
 * a non-empty list of field errors, each naming a path (`data.segments[1].text`) that starts at a
 * top-level key of the input (`data`, `id`, an unknown attribute) or at a pseudo-field for the whole
 * input (`(event)`), with a message. `topLevelKeys` are those of the decoded input, when it was an object.
 */
export function parseResultProblem(
  result: ParseResult,
  topLevelKeys: readonly string[] = [],
  extraFields: readonly string[] = [],
): string | undefined {
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') return `not a parse result: ${String(result)}`;
  if (result.ok) return typeof result.event === 'object' && result.event !== null ? undefined : 'ok without an event';
  if (!Array.isArray(result.errors) || result.errors.length === 0) return 'rejected without any field error';
  for (const error of result.errors) {
    if (typeof error.field !== 'string' || error.field === '') return `field error without a field: ${JSON.stringify(error)}`;
    if (typeof error.message !== 'string' || error.message.trim() === '') return `field error without a message: ${JSON.stringify(error)}`;
    if (WHOLE_INPUT_FIELDS.has(error.field) || extraFields.includes(error.field)) continue;
    const steps = pathSteps(error.field);
    if (steps === undefined) return `field "${error.field}" is not a path (key.key[0]["odd key"])`;
    const head = steps[0];
    if (typeof head !== 'string' || (!topLevelKeys.includes(head) && !ENVELOPE_ATTRIBUTES.includes(head))) {
      return `field "${error.field}" names no path of the input (top-level keys: ${JSON.stringify(topLevelKeys.slice(0, 20))})`;
    }
  }
  return undefined;
}

const ENVELOPE_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'subject', 'dataschema', 'data'];
const STEP = /^(?:\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/**
 * The keys of a field path as the parser writes them (`data.segments[0].text`, odd keys quoted as JSON:
 * `data["x-y"]`), or undefined when the text is not such a path.
 */
export function pathSteps(field: string): Array<string | number> | undefined {
  const steps: Array<string | number> = [];
  for (let rest = field; rest !== '';) {
    const match = STEP.exec(rest);
    // A plain key follows a dot, except the first.
    if (!match || (match[1] !== undefined && (steps.length === 0) === match[0].startsWith('.'))) return undefined;
    steps.push(match[1] ?? (match[2] === undefined ? (JSON.parse(match[3]) as string) : Number(match[2])));
    rest = rest.slice(match[0].length);
  }
  return steps.length > 0 ? steps : undefined;
}

/** Top-level keys of JSON text that decodes to an object (none otherwise). */
export function topLevelKeysOf(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
  } catch {
    return [];
  }
}

/** Why an accepted event could not be stored as it is, or undefined: its JSON over the limit, or too deep. */
export function acceptedEventProblem(event: unknown): string | undefined {
  const depth = nestingDepth(event);
  if (depth > MAX_EVENT_NESTING) return `accepted event nests ${depth} levels (at most ${MAX_EVENT_NESTING})`;
  const bytes = Buffer.byteLength(JSON.stringify(event));
  if (bytes > EVENT_LIMITS.eventBytes) return `accepted event is ${bytes} bytes as JSON (the limit is ${EVENT_LIMITS.eventBytes})`;
  return undefined;
}

/** The code of an HTTP error body, when it is RFC 9457 problem details (`{ type, title, status, detail, code }`). */
export function problemCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { type, title, status, detail, code } = body as Record<string, unknown>;
  const isProblem = typeof type === 'string' && typeof title === 'string' && typeof status === 'number' && typeof detail === 'string';
  return isProblem && typeof code === 'string' ? code : undefined;
}

/** JSON media types: `application/json`, `application/problem+json`, with parameters. */
export const isJsonMediaType = (contentType: string | null | undefined): boolean =>
  typeof contentType === 'string' && /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(contentType.trim());
