import type { ValidationError } from 'class-validator';
import type { FieldError } from './field-error';

/**
 * Flattens class-validator's error tree into one error per broken constraint, each named by its
 * path: `data.contact.phone`, array items by index (`data.segments[0].text`), under `prefix`.
 */
export function toFieldErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  const fieldErrors: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator starts default messages with the property name; the field is reported apart.
      fieldErrors.push({ field, message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message });
    }
    fieldErrors.push(...toFieldErrors(error.children ?? [], field));
  }
  return fieldErrors;
}
