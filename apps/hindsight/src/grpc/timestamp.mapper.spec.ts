import { fromTimestamp, toTimestamp } from './timestamp.mapper';

describe('Timestamp mapping', () => {
  it('round-trips the domain instants (milliseconds)', () => {
    expect(toTimestamp('2026-02-27T16:02:11.507Z')).toEqual({ seconds: 1_772_208_131, nanos: 507_000_000 });
    expect(fromTimestamp({ seconds: '1772208131', nanos: 507_000_000 })).toBe('2026-02-27T16:02:11.507Z');
    expect(toTimestamp('1969-12-31T23:59:59.999Z')).toEqual({ seconds: -1, nanos: 999_000_000 });
  });

  it.each([
    ['the first instant', { seconds: -62_135_596_800 }, '0001-01-01T00:00:00.000Z'],
    ['the last instant', { seconds: 253_402_300_799, nanos: 999_999_999 }, '9999-12-31T23:59:59.999Z'],
    ['finer than milliseconds (truncated)', { seconds: 0, nanos: 1_999_999 }, '1970-01-01T00:00:00.001Z'],
    ['unset fields (the epoch)', {}, '1970-01-01T00:00:00.000Z'],
    ['before year 1', { seconds: -62_135_596_801 }, undefined],
    ['after year 9999', { seconds: 253_402_300_800 }, undefined],
    ['negative nanos', { seconds: 0, nanos: -1 }, undefined],
    ['a whole second of nanos', { seconds: 0, nanos: 1_000_000_000 }, undefined],
    ['non-numeric seconds', { seconds: 'soon' }, undefined],
  ])('reads %s', (_case, timestamp, instant) => {
    expect(fromTimestamp(timestamp)).toBe(instant);
  });
});
