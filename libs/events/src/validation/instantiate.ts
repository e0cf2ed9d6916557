/**
 * Turns decoded JSON into instances of the catalogue classes so class-validator can check them.
 * It replaces class-transformer on the hot path (that library re-reads its metadata for every
 * object, which made it the largest cost of parsing): each class gets a plan, built once from the
 * decorators below, saying which properties nest another class and which are normalised.
 */
type Constructor = new () => object;
/** A class, or a base class reached through the prototype chain. */
type ClassLike = abstract new (...parameters: never[]) => unknown;

interface PropertyPlan {
  nested?: () => Constructor;
  normalise?: (value: unknown) => unknown;
}

const declared = new Map<ClassLike, Map<string, PropertyPlan>>();
const resolved = new Map<ClassLike, ReadonlyArray<[string, PropertyPlan]>>();

/** Keys that would alter the instance's prototype or constructor lookup; never copied. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function declare(target: object, key: string | symbol, plan: PropertyPlan): void {
  const owner = (target as { constructor: ClassLike }).constructor;
  let properties = declared.get(owner);
  if (!properties) declared.set(owner, (properties = new Map()));
  properties.set(String(key), { ...properties.get(String(key)), ...plan });
  resolved.clear();
}

/** The property holds an instance (or an array of instances) of another class. */
export const NestedType =
  (type: () => Constructor): PropertyDecorator =>
  (target, key) =>
    declare(target, key, { nested: type });

/** The property is normalised before validation; the normaliser returns the raw value when it cannot. */
export const Normalise =
  (normalise: (value: unknown) => unknown): PropertyDecorator =>
  (target, key) =>
    declare(target, key, { normalise });

function planOf(type: ClassLike): ReadonlyArray<[string, PropertyPlan]> {
  let plan = resolved.get(type);
  if (plan) return plan;
  const merged = new Map<string, PropertyPlan>();
  const chain: ClassLike[] = [];
  for (
    let current: unknown = type;
    typeof current === 'function' && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    chain.unshift(current as ClassLike);
  }
  for (const owner of chain) for (const [key, entry] of declared.get(owner) ?? []) merged.set(key, { ...merged.get(key), ...entry });
  plan = [...merged];
  resolved.set(type, plan);
  return plan;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A new instance of `type` holding every own property of `plain` (unknown ones too), nested and normalised. */
export function instantiate<T extends object>(type: new () => T, plain: Record<string, unknown>): T {
  const instance = Object.create(type.prototype as object) as Record<string, unknown>;
  for (const key of Object.keys(plain)) if (!FORBIDDEN_KEYS.has(key)) instance[key] = plain[key];
  for (const [key, { nested, normalise }] of planOf(type)) {
    const value = instance[key];
    if (value === undefined || value === null) continue;
    if (normalise) instance[key] = normalise(value);
    if (nested) {
      const nestedType = nested();
      if (isPlainObject(value)) instance[key] = instantiate(nestedType, value);
      else if (Array.isArray(value)) instance[key] = value.map((item) => (isPlainObject(item) ? instantiate(nestedType, item) : item));
    }
  }
  return instance as T;
}
