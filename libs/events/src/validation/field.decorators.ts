import { Transform, Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { EVENT_LIMITS } from '../event-limits';
import { toE164, toEmail, toLanguageTag, toUtcTimestamp } from './normalise';

type Decorator = PropertyDecorator;

function compose(...decorators: Decorator[]): Decorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** Normalises when it can; leaves the raw value otherwise so that the validator reports it. */
function normaliseWith(normalise: (value: unknown) => string | undefined): Decorator {
  return Transform(({ value }) => (value === undefined || value === null ? value : (normalise(value) ?? value)));
}

function matches(
  name: string,
  message: string,
  check: (value: unknown) => boolean,
  options?: ValidationOptions,
): Decorator {
  return ValidateBy({ name, validator: { validate: check, defaultMessage: () => `$property ${message}` } }, options);
}

export const IsIdentifier = (options?: ValidationOptions): Decorator =>
  compose(IsString(options), IsNotEmpty(options), MaxLength(EVENT_LIMITS.identifierLength, options));

export const IsName = (): Decorator => compose(IsString(), MaxLength(EVENT_LIMITS.nameLength));

const E164 = /^\+[1-9]\d{3,14}$/;
export const IsPhone = (): Decorator =>
  compose(
    normaliseWith(toE164),
    matches('isPhone', 'must be a phone number in international format, e.g. +33612345678', (value) =>
      typeof value === 'string' && E164.test(value),
    ),
  );

export const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const IsTimestamp = (): Decorator =>
  compose(
    normaliseWith(toUtcTimestamp),
    matches('isTimestamp', 'must be an RFC 3339 timestamp with a time zone, e.g. 2026-03-01T09:30:00Z', (value) =>
      typeof value === 'string' && UTC_ISO.test(value),
    ),
  );

export const IsLanguage = (): Decorator =>
  compose(
    normaliseWith(toLanguageTag),
    matches('isLanguage', 'must be a BCP-47 language tag, e.g. fr-FR', (value) => toLanguageTag(value) === value),
  );

export const IsEmailAddress = (): Decorator =>
  compose(
    normaliseWith(toEmail),
    matches('isEmailAddress', 'must be an e-mail address', (value) => typeof value === 'string' && toEmail(value) === value),
  );

export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** A text of at most `limit` UTF-8 bytes (characters under-count multi-byte scripts). */
export const IsText = (limit: number = EVENT_LIMITS.textBytes, options?: ValidationOptions): Decorator =>
  compose(
    IsString(options),
    matches(
      'maxBytes',
      `must be at most ${limit} bytes`,
      (value) => typeof value === 'string' && utf8Bytes(value) <= limit,
      options,
    ),
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
  compose(IsObject({ message: '$property must be an object' }), ValidateNested(), Type(type));
