import { tokenLifetimeSeconds } from './token-lifetime.rule';

describe('tokenLifetimeSeconds', () => {
  it.each([
    ['30s', 30],
    ['15m', 900],
    ['12h', 43_200],
    ['7d', 604_800],
    ['366d', 31_622_400],
    [' 1h ', 3600],
  ])('%j is %d seconds', (text, seconds) => {
    expect(tokenLifetimeSeconds(text)).toBe(seconds);
  });

  it.each(['', '12', 'h', '0s', '-1h', '1.5h', '1w', '12H', '367d', '1h30m', 'forever', '9999999999d'])('%j is refused', (text) => {
    expect(tokenLifetimeSeconds(text)).toBeUndefined();
  });
});
