import { IsObject, ValidateBy, ValidateNested, type ValidationOptions } from 'class-validator';
import { EVENT_LIMITS } from '../event-limits';
import { NestedType, Normalise } from './instantiate';
import { toE164, toEmail, toLanguageTag, toUtcTimestamp } from './normalise';

type Decorator = PropertyDecorator;

function compose(...decorators: Decorator[]): Decorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** Normalises when it can (each item of an array with `each`); leaves the raw value otherwise so that the validator reports it. */
function normaliseWith(normalise: (value: unknown) => string | undefined, options?: ValidationOptions): Decorator {
  const one = (value: unknown) => normalise(value) ?? value;
  return Normalise(options?.each ? (value) => (Array.isArray(value) ? value.map(one) : value) : one);
}

function matches(name: string, message: string, check: (value: unknown) => boolean, options?: ValidationOptions): Decorator {
  return ValidateBy({ name, validator: { validate: check, defaultMessage: () => `$property ${message}` } }, options);
}

/**
 * A bounded string, checked by one validator rather than three (string, non-empty, max length):
 * class-validator's cost is per validator, and identifiers are the most common fields.
 */
function boundedString(name: string, maxLength: number, allowEmpty: boolean, options?: ValidationOptions): Decorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value) => typeof value === 'string' && (allowEmpty || value.length > 0) && value.length <= maxLength,
        defaultMessage: (validation) => {
          const value: unknown = validation?.value;
          if (value === undefined || value === null) return '$property is missing (a non-empty string is required)';
          if (typeof value !== 'string') return '$property must be a string';
          return value.length === 0 ? '$property should not be empty' : `$property must be at most ${maxLength} characters`;
        },
      },
    },
    options,
  );
}

export const IsIdentifier = (options?: ValidationOptions): Decorator =>
  boundedString('isIdentifier', EVENT_LIMITS.identifierLength, false, options);

/** CloudEvents `source` (and `subject`, `dataschema`): a non-empty string of bounded length. */
export const IsUriReference = (): Decorator => boundedString('isUriReference', EVENT_LIMITS.sourceLength, false);

export const IsName = (): Decorator => boundedString('isName', EVENT_LIMITS.nameLength, true);

const E164 = /^\+[1-9]\d{3,14}$/;
export const IsPhone = (options?: ValidationOptions): Decorator =>
  compose(
    normaliseWith(toE164, options),
    matches(
      'isPhone',
      'must be a phone number in international format, e.g. +33612345678',
      (value) => typeof value === 'string' && E164.test(value),
      options,
    ),
  );

export const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const IsTimestamp = (): Decorator =>
  compose(
    normaliseWith(toUtcTimestamp),
    matches(
      'isTimestamp',
      'must be an RFC 3339 timestamp with a time zone, e.g. 2026-03-01T09:30:00Z',
      (value) => typeof value === 'string' && UTC_ISO.test(value),
    ),
  );

export const IsLanguage = (): Decorator =>
  compose(
    normaliseWith(toLanguageTag),
    matches('isLanguage', 'must be a BCP-47 language tag, e.g. fr-FR', (value) => toLanguageTag(value) === value),
  );

export const IsEmailAddress = (options?: ValidationOptions): Decorator =>
  compose(
    normaliseWith(toEmail, options),
    matches('isEmailAddress', 'must be an e-mail address', (value) => typeof value === 'string' && toEmail(value) === value, options),
  );

export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** A text of at most `limit` UTF-8 bytes (characters under-count multi-byte scripts). */
export const IsText = (limit: number = EVENT_LIMITS.textBytes, options?: ValidationOptions): Decorator =>
  ValidateBy(
    {
      name: 'isText',
      validator: {
        // Most texts are far below the limit: only count bytes when the length could exceed it.
        validate: (value) => typeof value === 'string' && (value.length * 3 <= limit || utf8Bytes(value) <= limit),
        defaultMessage: (validation) =>
          typeof validation?.value === 'string' ? `$property must be at most ${limit} bytes` : '$property must be a string',
      },
    },
    options,
  );

/** A flat object of scalar values (fields collected by a voice agent job). */
export const IsScalarRecord = (): Decorator =>
  matches('isScalarRecord', 'must be an object of string, number or boolean values', (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const entries = Object.entries(value);
    return (
      entries.length <= EVENT_LIMITS.listItems &&
      entries.every(
        ([key, item]) =>
          key.length <= EVENT_LIMITS.identifierLength &&
          (typeof item === 'string' ? utf8Bytes(item) <= EVENT_LIMITS.textBytes : ['number', 'boolean'].includes(typeof item)),
      )
    );
  });

/** Validates `property` only when `predicate` holds for the object (cross-field rules). */
export const Check = (name: string, message: string, predicate: (object: Record<string, unknown>) => boolean): Decorator =>
  ValidateBy({
    name,
    validator: {
      validate: (_value, arguments_) => predicate(arguments_?.object as Record<string, unknown>),
      defaultMessage: () => `$property ${message}`,
    },
  });

/** A required (or, after `@IsOptional()`, optional) nested object validated by its own class. */
export const NestedObject = (type: () => new () => object): Decorator =>
  compose(IsObject({ message: '$property must be an object' }), ValidateNested(), NestedType(type));

/**
 * An array whose items are objects validated by their own class. `ValidateNested` alone lets an array
 * item through (`segments: [[]]` passed, then broke the projection): every item must have become an
 * instance of the class, which `instantiate` does for plain objects only. A value that is not an
 * array is left to `@IsArray`.
 */
export const NestedArray = (type: () => new () => object): Decorator => {
  const firstNotObject = (value: unknown) => (Array.isArray(value) ? value.findIndex((item) => !(item instanceof type())) : -1);
  return compose(
    ValidateBy({
      name: 'isArrayOfObjects',
      validator: {
        validate: (value) => firstNotObject(value) === -1,
        defaultMessage: (validation) => {
          const index = firstNotObject(validation?.value);
          const item: unknown = (validation?.value as unknown[])[index];
          const kind = Array.isArray(item) ? 'an array' : item === null ? 'null' : `a ${typeof item}`;
          return `$property must hold only objects (item ${index} is ${kind})`;
        },
      },
    }),
    ValidateNested({ each: true }),
    NestedType(type),
  );
};
