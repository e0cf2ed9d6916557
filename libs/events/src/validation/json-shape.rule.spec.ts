import type { FieldError } from '@app/validation';
import { JSON_SHAPE_LIMITS, jsonShapeErrors, unstorableCharacter } from './json-shape.rule';

/** `{ a: { a: … value } }`, `levels` objects deep. */
function nested(levels: number, value: unknown = 1): unknown {
  let current = value;
  for (let level = 0; level < levels; level++) current = { a: current };
  return current;
}

const SMALL = { nestingDepth: 3, arrayItems: 2, objectKeys: 2, maxErrors: 3 };

describe('jsonShapeErrors', () => {
  it.each<[string, unknown, FieldError[]]>([
    ['a scalar', 'text', []],
    ['an object at the depth limit', nested(3), []],
    ['an object one level too deep', nested(4), [{ field: 'a.a.a', message: 'nests deeper than 3 levels' }]],
    ['arrays count as levels', { a: [[[1]]] }, [{ field: 'a[0][0]', message: 'nests deeper than 3 levels' }]],
    ['an array at the item limit', { list: [1, 2] }, []],
    ['an array over the item limit', { list: [1, 2, 3] }, [{ field: 'list', message: 'must have at most 2 items' }]],
    ['an object over the key limit', { o: { a: 1, b: 2, c: 3 } }, [{ field: 'o', message: 'must have at most 2 keys' }]],
    ['a NUL in a nested string', { a: ['ok', 'x\u0000'] }, [{ field: 'a[1]', message: expect.stringMatching(/NUL/) as string }]],
    ['a lone high surrogate', { id: 'ws\ud800' }, [{ field: 'id', message: expect.stringMatching(/unpaired surrogate/) as string }]],
    ['a lone low surrogate', { id: '\udc00ws' }, [{ field: 'id', message: expect.stringMatching(/unpaired surrogate/) as string }]],
    ['a paired surrogate (an emoji) is fine', { text: 'merci 🙏' }, []],
    [
      'a NUL in a key, quoted in the path',
      { 'k\u0000': 1 },
      [{ field: '["k\\u0000"]', message: expect.stringMatching(/^key .*NUL/) as string }],
    ],
    [
      'an odd key, quoted in the path',
      { 'two words': '\u0000' },
      [{ field: '["two words"]', message: expect.stringMatching(/NUL/) as string }],
    ],
    ['an infinite number (JSON 1e400)', { n: Infinity }, [{ field: 'n', message: 'must be a finite number' }]],
    ['NaN', { n: NaN }, [{ field: 'n', message: 'must be a finite number' }]],
    ['the root itself too deep', nested(5), [{ field: 'a.a.a', message: 'nests deeper than 3 levels' }]],
  ])('%s', (_case, value, expected) => {
    expect(jsonShapeErrors(value, SMALL)).toEqual(expected);
  });

  it('reports at most maxErrors, in document order', () => {
    const errors = jsonShapeErrors({ a: '\u0000', b: '\u0000', c: '\u0000', d: '\u0000' }, { ...SMALL, objectKeys: 10 });
    expect(errors.map((error) => error.field)).toEqual(['a', 'b', 'c']);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    const errors = jsonShapeErrors(nested(100_000));
    expect(errors).toEqual([{ field: expect.stringMatching(/^a(\.a){31}$/) as string, message: 'nests deeper than 32 levels' }]);
  });

  it('uses the event limits by default: depth 32', () => {
    expect(JSON_SHAPE_LIMITS.nestingDepth).toBe(32);
    expect(jsonShapeErrors(nested(32))).toEqual([]);
    expect(jsonShapeErrors(nested(33))).toHaveLength(1);
  });
});

describe('unstorableCharacter', () => {
  it.each<[string, string, RegExp | undefined]>([
    ['plain text', 'hello', undefined],
    ['accents and emoji', 'Élodie 👋', undefined],
    ['a NUL', 'a\u0000b', /NUL/],
    ['a lone surrogate', '\ud83d', /unpaired surrogate/],
    ['surrogates in the wrong order', '\ude4f\ud83d', /unpaired surrogate/],
  ])('%s', (_case, text, expected) => {
    const problem = unstorableCharacter(text);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
