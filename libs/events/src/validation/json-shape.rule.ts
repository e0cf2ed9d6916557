import type { FieldError } from '@app/validation';
import { EVENT_LIMITS } from '../event-limits';

export interface JsonShapeLimits {
  /** Containers (objects and arrays) on the way to any value, the event itself included. */
  readonly nestingDepth: number;
  readonly arrayItems: number;
  readonly objectKeys: number;
  /** A hostile input can have a fault on every node: the first few name the problem well enough. */
  readonly maxErrors: number;
}

export const JSON_SHAPE_LIMITS: JsonShapeLimits = {
  nestingDepth: EVENT_LIMITS.nestingDepth,
  arrayItems: EVENT_LIMITS.arrayItems,
  objectKeys: EVENT_LIMITS.objectKeys,
  maxErrors: 10,
};

/** A node of the walk; its path is built only when it has something to report. */
interface Visit {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Visit | undefined;
  readonly key: string | number | undefined;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** `data.segments[0].text`, as class-validator's errors are named (`toFieldErrors`); odd keys quoted as JSON (`["two words"]`). */
export function fieldPath(keys: ReadonlyArray<string | number>): string {
  let path = '';
  for (const step of keys) {
    if (typeof step === 'number') path += `[${step}]`;
    else if (PLAIN_KEY.test(step)) path += path === '' ? step : `.${step}`;
    else path += `[${JSON.stringify(step)}]`;
  }
  return path === '' ? '(event)' : path;
}

function pathOf(visit: Visit, key?: string): string {
  const keys: Array<string | number> = key === undefined ? [] : [key];
  for (let node: Visit | undefined = visit; node?.key !== undefined; node = node.parent) keys.unshift(node.key);
  return fieldPath(keys);
}

/** Why a string cannot be stored as it is, if it cannot: PostgreSQL refuses NUL, and no store keeps a lone surrogate. */
export function unstorableCharacter(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!text.isWellFormed()) return 'must be well-formed Unicode (it holds an unpaired surrogate, e.g. "\\ud800")';
  return undefined;
}

/**
 * The shape rules that hold for every value of an event, known fields or not, checked before the
 * catalogue classes see it: bounded nesting and sizes (a 4,000-level value overflowed the stack of
 * `JSON.stringify` in the append), strings every store can keep, finite numbers (JSON's `1e400` would
 * be stored as `null`). Iterative, so no input can overflow the stack here.
 */
export function jsonShapeErrors(root: unknown, limits: JsonShapeLimits = JSON_SHAPE_LIMITS): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Visit[] = [{ value: root, depth: 0, parent: undefined, key: undefined }];
  while (stack.length > 0 && errors.length < limits.maxErrors) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof value === 'string') {
      const problem = unstorableCharacter(value);
      if (problem) errors.push({ field: pathOf(visit), message: problem });
      continue;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) errors.push({ field: pathOf(visit), message: 'must be a finite number' });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const depth = visit.depth + 1;
    if (depth > limits.nestingDepth) {
      errors.push({ field: pathOf(visit), message: `nests deeper than ${limits.nestingDepth} levels` });
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.arrayItems) {
        errors.push({ field: pathOf(visit), message: `must have at most ${limits.arrayItems} items` });
        continue;
      }
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], depth, parent: visit, key: index });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.objectKeys) {
      errors.push({ field: pathOf(visit), message: `must have at most ${limits.objectKeys} keys` });
      continue;
    }
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      const problem = unstorableCharacter(key);
      if (problem) errors.push({ field: pathOf(visit, key), message: `key ${problem}` });
      else stack.push({ value: (value as Record<string, unknown>)[key], depth, parent: visit, key });
    }
  }
  return errors.slice(0, limits.maxErrors);
}
