/**
 * The JSON the fuzz suites build events from, before it becomes text. Plain JavaScript values, plus
 * `RawJson`: text spliced verbatim into the serialised event, for what a JavaScript value cannot say
 * (`1e400`, which `JSON.parse` reads as Infinity; an unescaped lone surrogate) or should not hold (nesting
 * thousands of levels deep, which recursive code, this file's included, must never walk).
 *
 * Objects may have OWN `__proto__`, `constructor` and `prototype` keys (as `JSON.parse` gives them): they
 * are only ever written with `setOwn`, never with `object[key] = value`, which would change the prototype.
 */
export class RawJson {
  constructor(
    readonly text: string,
    /** How the value is shown in a counterexample (`deep array x4400`). */
    readonly label: string,
  ) {}
}

export type JsonModel = null | boolean | number | string | RawJson | JsonModel[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonModel;
}

export const isJsonObject = (value: JsonModel | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RawJson);

/** Defines an own, enumerable property (`__proto__` included) without touching the prototype. */
export function setOwn(object: JsonObject, key: string, value: JsonModel): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An object from entries, `__proto__` keys kept as own properties. */
export const objectOf = (entries: ReadonlyArray<readonly [string, JsonModel]>): JsonObject => {
  const object: JsonObject = {};
  for (const [key, value] of entries) setOwn(object, key, value);
  return object;
};

/** A deep copy (RawJson leaves are shared: they are immutable). */
export function cloneModel(value: JsonModel): JsonModel {
  if (Array.isArray(value)) return value.map(cloneModel);
  if (isJsonObject(value)) return objectOf(Object.entries(value).map(([key, item]) => [key, cloneModel(item)]));
  return value;
}

/** The JSON text of a model: `JSON.stringify` for plain values, raw text verbatim. */
export function toJsonText(value: JsonModel): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short, readable rendering of a value for labels: escapes kept visible (`"\u0000"`, `"\ud800"`). */
export function describeModel(value: JsonModel, width = 60): string {
  if (value instanceof RawJson) return value.label;
  if (typeof value === 'string' && value.length > width) {
    const unit = value[0];
    return value === unit.repeat(value.length)
      ? `${JSON.stringify(unit)}x${value.length}`
      : `${JSON.stringify(value.slice(0, width))}…(${value.length})`;
  }
  return clip(toJsonText(value), width);
}

export const clip = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width)}…(${text.length} chars)`;

/**
 * Deepest nesting of containers in a decoded JSON value, without recursion (a hostile value may nest
 * deeper than the stack): a scalar is 0, `{}` and `[]` are 1, `{"a":[]}` is 2.
 */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const item of Object.values(current)) pending.push([item, depth + 1]);
  }
  return deepest;
}

/** Nesting depth of JSON text, by its brackets (strings skipped), without decoding it. */
export function textNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
    else if (char === '}' || char === ']') depth--;
  }
  return deepest;
}
