import { decodeError, encodeError } from './thread-error.codec';

class StoreDown extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StoreDown';
  }
}

describe('thread error codec', () => {
  it.each([
    ['a plain error', new Error('boom'), { name: 'Error', message: 'boom' }],
    [
      'a domain error keeps its code',
      new StoreDown('STORE_UNAVAILABLE', 'down'),
      { name: 'StoreDown', message: 'down', code: 'STORE_UNAVAILABLE' },
    ],
    ['a type error', new TypeError('bad'), { name: 'TypeError', message: 'bad' }],
    ['a thrown string', 'oops', { name: 'Error', message: 'oops' }],
    ['a numeric code is not a domain code', Object.assign(new Error('errno'), { code: 5 }), { name: 'Error', message: 'errno' }],
  ])('encodes %s', (_, error, encoded) => {
    expect(encodeError(error)).toEqual(encoded);
  });

  it('never carries the stack or other fields across (they may hold data)', () => {
    const encoded = encodeError(Object.assign(new Error('x'), { code: 'C', payload: 'secret' }));
    expect(Object.keys(encoded).sort()).toEqual(['code', 'message', 'name']);
  });

  it.each([
    ['with a decoder: its own class', { name: 'StoreDown', message: 'down', code: 'STORE_UNAVAILABLE' }, StoreDown, 'STORE_UNAVAILABLE'],
    ['without: an Error with its name and code', { name: 'Other', message: 'm', code: 'SOME_CODE' }, Error, 'SOME_CODE'],
    ['without a code', { name: 'Error', message: 'm' }, Error, undefined],
  ])('decodes %s', (_, encoded, type, code) => {
    const error = decodeError(encoded, { StoreDown: ({ code, message }) => new StoreDown(code!, message) });
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ name: encoded.name, message: encoded.message });
    expect((error as { code?: string }).code).toBe(code);
  });

  it('ignores decoders inherited from Object.prototype', () => {
    expect(decodeError({ name: 'constructor', message: 'm' })).toBeInstanceOf(Error);
  });
});
