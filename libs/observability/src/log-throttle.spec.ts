import { LogThrottle } from './log-throttle';

describe('LogThrottle', () => {
  it.each([
    ['the first of a kind is logged', [['a', 0]], [{ log: true, suppressed: 0 }]],
    [
      'the next ones within the interval are held back and counted',
      [
        ['a', 0],
        ['a', 10],
        ['a', 999],
      ],
      [
        { log: true, suppressed: 0 },
        { log: false, suppressed: 1 },
        { log: false, suppressed: 2 },
      ],
    ],
    [
      'after the interval one gets through, saying how many were held back',
      [
        ['a', 0],
        ['a', 10],
        ['a', 1000],
        ['a', 1001],
      ],
      [
        { log: true, suppressed: 0 },
        { log: false, suppressed: 1 },
        { log: true, suppressed: 1 },
        { log: false, suppressed: 1 },
      ],
    ],
    [
      'each kind has its own interval',
      [
        ['a', 0],
        ['b', 1],
      ],
      [
        { log: true, suppressed: 0 },
        { log: true, suppressed: 0 },
      ],
    ],
  ] as const)('%s', (_name, occurrences, expected) => {
    let clock = 0;
    const throttle = new LogThrottle(1000, () => clock);
    const decisions = occurrences.map(([key, at]) => {
      clock = at;
      return throttle.admit(key);
    });
    expect(decisions).toEqual(expected);
  });
});
