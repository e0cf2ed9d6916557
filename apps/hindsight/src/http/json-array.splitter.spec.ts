import { splitJsonArray } from './json-array.splitter';

describe('splitJsonArray', () => {
  it.each([
    ['[]', []],
    [' [ \n ] ', []],
    ['[1]', ['1']],
    ['[1,2 , 3]', ['1', '2', '3']],
    ['[{"a":[1,2]}, {"b":{"c":","}}]', ['{"a":[1,2]}', '{"b":{"c":","}}']],
    ['["]", "[", "{", "}"]', ['"]"', '"["', '"{"', '"}"']],
    ['["a\\"],", "b\\\\", "c"]', ['"a\\"],"', '"b\\\\"', '"c"']],
    ['[ {"text":"é 👍 \\u00e9"} ,null,true,"x"]', ['{"text":"é 👍 \\u00e9"}', 'null', 'true', '"x"']],
    ['[[1,[2]],[]]', ['[1,[2]]', '[]']],
  ])('%s', (text, expected) => {
    expect(splitJsonArray(text)).toEqual(expected);
    // Each element is the exact JSON of the corresponding value.
    expect(splitJsonArray(text).map((element) => JSON.parse(element))).toEqual(JSON.parse(text));
  });
});
