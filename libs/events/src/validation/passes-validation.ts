import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

/**
 * A yes/no run of the same class-validator decorators, without building errors. Nearly every event is
 * valid, and class-validator's error bookkeeping (an error object per property, message formatting,
 * context mapping, stripping empty errors) was most of the cost of parsing one. The parser asks this
 * first and calls `validateSync` only when it says no, to name the fields; a spec checks that both
 * agree on valid events and on every single-field corruption of them.
 *
 * It follows ValidationExecutor (class-validator 0.15) for the options the parser uses
 * (`forbidUnknownValues`, no groups, no skipping): conditions (`@IsOptional`, `@ValidateIf`) gate a
 * property, then its custom validators run (each item with `each`), then nested objects recurse. An
 * asynchronous validator, or anything unexpected, answers no: the full validation decides.
 */
type Storage = ReturnType<typeof getMetadataStorage>;
type Metadata = ReturnType<Storage['getTargetValidationMetadatas']>[number];

interface PropertyPlan {
  readonly property: string;
  readonly conditions: readonly Metadata[];
  readonly custom: readonly Metadata[];
  readonly nested: boolean;
}

const storage = getMetadataStorage();
const plans = new Map<unknown, readonly PropertyPlan[]>();

function planOf(type: unknown): readonly PropertyPlan[] {
  let plan = plans.get(type);
  if (plan) return plan;
  const grouped = storage.groupByPropertyName(storage.getTargetValidationMetadatas(type as new () => object, '', false, false, undefined));
  plan = Object.entries(grouped).map(([property, metadatas]) => ({
    property,
    conditions: metadatas.filter((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION),
    // IS_DEFINED runs before the others in class-validator; all must pass either way.
    custom: [
      ...metadatas.filter((metadata) => metadata.type === ValidationTypes.IS_DEFINED),
      ...metadatas.filter((metadata) => metadata.type === ValidationTypes.CUSTOM_VALIDATION),
    ],
    nested: metadatas.some(
      (metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION || metadata.type === ValidationTypes.PROMISE_VALIDATION,
    ),
  }));
  plans.set(type, plan);
  return plan;
}

const isCollection = (value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> =>
  Array.isArray(value) || value instanceof Set || value instanceof Map;

const itemsOf = (value: unknown[] | Set<unknown> | Map<unknown, unknown>): unknown[] =>
  Array.isArray(value) ? value : [...value.values()];

function passesCustom(object: object, value: unknown, metadata: Metadata): boolean {
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  const validationArguments: ValidationArguments = {
    targetName: object.constructor?.name,
    property: metadata.propertyName,
    object,
    value,
    constraints: metadata.constraints,
  };
  for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
    const instance = constraint.instance as { validate(value: unknown, validationArguments: ValidationArguments): unknown };
    const values = metadata.each && isCollection(value) ? itemsOf(value) : [value];
    for (const item of values) if (instance.validate(item, validationArguments) !== true) return false;
  }
  return true;
}

function passesNested(value: unknown): boolean {
  if (value === undefined) return true;
  if (isCollection(value)) return itemsOf(value).every(passesNested);
  return value instanceof Object && passesValidation(value);
}

/** True when class-validator would report no error for this instance (with the parser's options). */
export function passesValidation(object: object): boolean {
  const plan = planOf(object.constructor);
  // forbidUnknownValues: an object of a class without decorators is an error.
  if (plan.length === 0) return false;
  for (const { property, conditions, custom, nested } of plan) {
    const value = (object as Record<string, unknown>)[property];
    if (!conditions.every((metadata) => (metadata.constraints[0] as (object: object, value: unknown) => boolean)(object, value))) continue;
    for (const metadata of custom) if (!passesCustom(object, value, metadata)) return false;
    if (nested && !passesNested(value)) return false;
  }
  return true;
}
