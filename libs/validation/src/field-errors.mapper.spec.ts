import { IsString, MinLength, ValidateNested, type ValidationError, validateSync } from 'class-validator';
import type { FieldError } from './field-error';
import { toFieldErrors } from './field-errors.mapper';

/** A node of class-validator's error tree, with only what the mapping reads. */
const node = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError => ({
  property,
  constraints,
  children,
});

describe('toFieldErrors', () => {
  it.each<[string, ValidationError[], string | undefined, FieldError[]]>([
    ['no errors', [], undefined, []],
    ['a top-level field', [node('id', { isString: 'id must be a string' })], undefined, [{ field: 'id', message: 'must be a string' }]],
    [
      'a message that does not start with the property name, kept whole',
      [node('contactId', { isIdentifier: 'one of contactId or phone is required' })],
      undefined,
      [{ field: 'contactId', message: 'one of contactId or phone is required' }],
    ],
    [
      'a message that starts with a longer word, kept whole',
      [node('id', { isUnique: 'identifier taken' })],
      undefined,
      [{ field: 'id', message: 'identifier taken' }],
    ],
    [
      'every constraint of a field, in order',
      [node('phone', { isString: 'phone must be a string', isPhone: 'phone must be a phone number' })],
      undefined,
      [
        { field: 'phone', message: 'must be a string' },
        { field: 'phone', message: 'must be a phone number' },
      ],
    ],
    [
      'nested fields under a prefix',
      [node('contact', undefined, [node('phone', { isPhone: 'phone must be a phone number' })])],
      'data',
      [{ field: 'data.contact.phone', message: 'must be a phone number' }],
    ],
    [
      'array items by index',
      [node('segments', undefined, [node('0', undefined, [node('text', { isString: 'text must be a string' })])])],
      'data',
      [{ field: 'data.segments[0].text', message: 'must be a string' }],
    ],
    [
      'an index at the top level',
      [node('3', { isString: '3 must be a string' })],
      undefined,
      [{ field: '[3]', message: 'must be a string' }],
    ],
    [
      "a parent's own constraints before its children's",
      [node('contact', { isObject: 'contact must be an object' }, [node('name', { isString: 'name must be a string' })])],
      undefined,
      [
        { field: 'contact', message: 'must be an object' },
        { field: 'contact.name', message: 'must be a string' },
      ],
    ],
    [
      'siblings in order',
      [node('id', { isString: 'id must be a string' }), node('type', { isIn: 'type must be one of a, b' })],
      'envelope',
      [
        { field: 'envelope.id', message: 'must be a string' },
        { field: 'envelope.type', message: 'must be one of a, b' },
      ],
    ],
  ])('%s', (_case, errors, prefix, expected) => {
    expect(toFieldErrors(errors, prefix)).toEqual(expected);
  });

  it("names the fields of class-validator's own tree", () => {
    class Segment {
      @IsString()
      text: unknown = 42;
    }
    class Transcript {
      @MinLength(2)
      language = 'f';

      @ValidateNested({ each: true })
      segments = [new Segment()];
    }
    expect(toFieldErrors(validateSync(new Transcript()), 'data')).toEqual([
      { field: 'data.language', message: 'must be longer than or equal to 2 characters' },
      { field: 'data.segments[0].text', message: 'must be a string' },
    ]);
  });
});
