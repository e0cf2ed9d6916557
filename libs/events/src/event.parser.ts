import { validateSync, type ValidationError } from 'class-validator';
import { type FieldError, toFieldErrors } from '@app/validation';
import { CloudEventEnvelope, ENVELOPE_ATTRIBUTES, EXTENSION_NAME } from './cloud-event.envelope';
import type { HindsightEvent } from './cloud-event';
import { EVENT_CATALOGUE, EVENT_TYPES, isEventType } from './event-catalogue';
import { EVENT_LIMITS } from './event-limits';
import { FORBIDDEN_KEYS, instantiate } from './validation/instantiate';
import { fieldPath, jsonShapeErrors } from './validation/json-shape.rule';
import { installValidationMetadataCache } from './validation/metadata-cache';
import { passesValidation } from './validation/passes-validation';

installValidationMetadataCache();

export type ParseResult =
  | { readonly ok: true; readonly event: HindsightEvent }
  | {
      readonly ok: false;
      readonly errors: readonly FieldError[];
      /** What could be read of the rejected input, to report it. */
      readonly id?: string;
      readonly type?: string;
    };

/** `passesValidation` answers for these options; `validateSync` runs only to name the fields of a rejection. */
export const VALIDATION = { forbidUnknownValues: true, validationError: { target: false, value: false } } as const;

/** The one entry point for raw input (CLI line, HTTP body, Kafka message): size, JSON, then `validateEvent`. */
export function parseEvent(raw: string | Uint8Array): ParseResult {
  const bytes = typeof raw === 'string' ? Buffer.byteLength(raw, 'utf8') : raw.byteLength;
  if (bytes > EVENT_LIMITS.eventBytes) return tooLarge(bytes);
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch (error) {
    return reject([{ field: '(event)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return validateEvent(value, { bytes });
}

/**
 * `parseEvent` for a transport that has already decoded the JSON text (HTTP parses a body whole to tell
 * "not JSON" from a bad event): the same size limit on that text's `bytes`, then `validateEvent`, without
 * parsing it a second time.
 */
export function parseDecodedEvent(value: unknown, bytes: number): ParseResult {
  if (bytes > EVENT_LIMITS.eventBytes) return tooLarge(bytes);
  return validateEvent(value, { bytes });
}

function tooLarge(bytes: number): ParseResult {
  return reject([{ field: '(event)', message: `event is ${bytes} bytes; the limit is ${EVENT_LIMITS.eventBytes}` }]);
}

/**
 * How much longer than its input an accepted event's stored form can be: `datacontenttype` is added,
 * timestamps gain milliseconds. Below the limit by more than this, the stored form fits for sure.
 */
const STORED_FORM_HEADROOM = 1024;

export interface ValidateOptions {
  /** The input's size in bytes, when the caller knows it (or a close estimate); unknown, the stored form is measured. */
  readonly bytes?: number;
}

/** Validates and normalises an already-decoded JSON value into a typed event, or lists every field error. */
export function validateEvent(value: unknown, options: ValidateOptions = {}): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject([{ field: '(event)', message: 'must be a JSON object (a CloudEvent in structured mode)' }]);
  }
  const input = value as Record<string, unknown>;
  const id = typeof input.id === 'string' ? input.id : undefined;
  const type = typeof input.type === 'string' ? input.type : undefined;
  // Before the catalogue classes: a hostile shape is refused before anything walks it recursively.
  const shapeErrors = jsonShapeErrors(input);
  if (shapeErrors.length > 0) return reject(shapeErrors, id, type);

  const envelope = instantiate(CloudEventEnvelope, input);
  const errors = passesValidation(envelope) ? [] : toFieldErrors(withoutNestedTypeErrors(validateSync(envelope, VALIDATION)));
  const extensions = extensionsOf(input, errors);
  if (type !== undefined && !isEventType(type)) {
    errors.push({ field: 'type', message: `unknown event type "${type}"; expected one of ${EVENT_TYPES.join(', ')}` });
  }
  if (errors.length > 0 || !isEventType(type)) return reject(errors, id, type);

  const data = instantiate(EVENT_CATALOGUE[type] as new () => object, envelope.data);
  const dataErrors = passesValidation(data) ? [] : toFieldErrors(withoutNestedTypeErrors(validateSync(data, VALIDATION)), 'data');
  if (dataErrors.length > 0) return reject(dataErrors, id, type);

  const event = {
    specversion: '1.0',
    id: envelope.id,
    source: envelope.source,
    type,
    time: envelope.time,
    datacontenttype: 'application/json',
    ...(envelope.subject === undefined ? {} : { subject: envelope.subject }),
    ...(envelope.dataschema === undefined ? {} : { dataschema: envelope.dataschema }),
    ...extensions,
    data,
  } as unknown as HindsightEvent;
  // The stored form must parse again (`events | ingest`): near the limit, or when the size is unknown, it is measured.
  if (options.bytes === undefined || options.bytes > EVENT_LIMITS.eventBytes - STORED_FORM_HEADROOM) {
    const stored = Buffer.byteLength(JSON.stringify(event), 'utf8');
    if (stored > EVENT_LIMITS.eventBytes) {
      return reject(
        [{ field: '(event)', message: `event is ${stored} bytes once normalised; the limit is ${EVENT_LIMITS.eventBytes}` }],
        id,
        type,
      );
    }
  }
  return { ok: true, event };
}

/**
 * class-validator's own "nested property must be either object or array" repeats what `NestedObject`
 * and `NestedArray` already say about the same value (and for `[[5]]` it descends into the inner array
 * to say it again): one error per cause, so it is dropped.
 */
function withoutNestedTypeErrors(errors: ValidationError[]): ValidationError[] {
  for (const error of errors) {
    if (error.constraints && 'nestedValidation' in error.constraints) {
      const { nestedValidation: _repeated, ...others } = error.constraints;
      error.constraints = others;
    }
    withoutNestedTypeErrors(error.children ?? []);
  }
  return errors;
}

function reject(errors: FieldError[], id?: string, type?: string): ParseResult {
  return { ok: false, errors, ...(id === undefined ? {} : { id }), ...(type === undefined ? {} : { type }) };
}

function extensionsOf(input: Record<string, unknown>, errors: FieldError[]): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (ENVELOPE_ATTRIBUTES.has(name) || FORBIDDEN_KEYS.has(name)) continue;
    if (!EXTENSION_NAME.test(name)) {
      errors.push({
        field: fieldPath([name]),
        message: 'is not a CloudEvents attribute (extension names are 1-20 lower-case letters or digits)',
      });
    } else if (!['string', 'number', 'boolean'].includes(typeof value)) {
      errors.push({ field: fieldPath([name]), message: 'extension attributes must be strings, numbers or booleans' });
    } else {
      extensions[name] = value;
    }
  }
  return extensions;
}
