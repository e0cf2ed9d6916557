import { dedupeBatch } from './batch-dedupe';

const row = (eventId: string) => ({ eventId });
const fresh = (eventId: string, position: number) => ({ eventId, position, duplicate: false });
const duplicate = (eventId: string, position: number) => ({ eventId, position, duplicate: true });

describe('dedupeBatch', () => {
  it.each<[string, string[], Record<string, number>, number, string[], ReturnType<typeof fresh>[]]>([
    ['an empty batch', [], {}, 0, [], []],
    ['an empty batch on a log', [], { a: 1 }, 7, [], []],
    ['new ids on an empty log, from position 1', ['a', 'b', 'c'], {}, 0, ['a', 'b', 'c'], [fresh('a', 1), fresh('b', 2), fresh('c', 3)]],
    ['new ids after the head', ['a', 'b'], {}, 41, ['a', 'b'], [fresh('a', 42), fresh('b', 43)]],
    ['ids already stored, at their stored positions', ['a', 'b'], { a: 3, b: 1 }, 5, [], [duplicate('a', 3), duplicate('b', 1)]],
    [
      'an id repeated within the batch, at its first copy',
      ['a', 'b', 'a', 'a'],
      {},
      10,
      ['a', 'b'],
      [fresh('a', 11), fresh('b', 12), duplicate('a', 11), duplicate('a', 11)],
    ],
    [
      'stored and new ids mixed: new ones get consecutive positions, skipping none',
      ['x', 'a', 'y', 'b', 'z'],
      { a: 2, b: 4 },
      9,
      ['x', 'y', 'z'],
      [fresh('x', 10), duplicate('a', 2), fresh('y', 11), duplicate('b', 4), fresh('z', 12)],
    ],
    [
      'a stored id repeated within the batch, at its stored position each time',
      ['a', 'n', 'a'],
      { a: 6 },
      8,
      ['n'],
      [duplicate('a', 6), fresh('n', 9), duplicate('a', 6)],
    ],
    ['ids that differ only by case, as different events', ['A', 'a'], { a: 1 }, 1, ['A'], [fresh('A', 2), duplicate('a', 1)]],
  ])('%s', (_case, ids, stored, head, expectedFresh, expectedOutcomes) => {
    const rows = ids.map(row);
    const batch = dedupeBatch(rows, new Map(Object.entries(stored)), head);
    expect(batch.fresh.map((fresh) => fresh.eventId)).toEqual(expectedFresh);
    expect(batch.firstPosition).toBe(head + 1);
    expect(batch.outcomes).toEqual(expectedOutcomes);
    // Each new row is written at the position its outcome reports.
    expect(batch.fresh.map((_row, index) => batch.firstPosition + index)).toEqual(
      expectedOutcomes.filter((outcome) => !outcome.duplicate).map((outcome) => outcome.position),
    );
  });

  it('hands back the rows it was given, unchanged, and leaves the stored positions as they were', () => {
    const rows = [
      { eventId: 'a', payload: '{}' },
      { eventId: 'b', payload: '{}' },
    ];
    const stored = new Map([['b', 1]]);
    const batch = dedupeBatch(rows, stored, 1);
    expect(batch.fresh[0]).toBe(rows[0]);
    expect([...stored]).toEqual([['b', 1]]);
  });
});
