import { breakerAllows, breakerRecords, CLOSED_BREAKER, type StoreBreaker } from './store-breaker.rule';

const policy = { threshold: 3, coolDownMs: 500 };

describe('breakerRecords', () => {
  it.each<[string, StoreBreaker, 'ok' | 'refused', StoreBreaker]>([
    ['a refusal is counted', CLOSED_BREAKER, 'refused', { state: 'closed', refusals: 1 }],
    ['the threshold opens it for the cool-down', { state: 'closed', refusals: 2 }, 'refused', { state: 'open', until: 1500 }],
    ['an answer resets the count', { state: 'closed', refusals: 2 }, 'ok', CLOSED_BREAKER],
    ['a refused probe opens it again', { state: 'half-open', probeAt: 900 }, 'refused', { state: 'open', until: 1500 }],
    ['an answered probe closes it', { state: 'half-open', probeAt: 900 }, 'ok', CLOSED_BREAKER],
    ['a late refusal while open extends it', { state: 'open', until: 1200 }, 'refused', { state: 'open', until: 1500 }],
    ['a late answer while open closes it', { state: 'open', until: 1200 }, 'ok', CLOSED_BREAKER],
  ])('%s', (_name, breaker, outcome, expected) => {
    expect(breakerRecords(breaker, outcome, 1000, policy)).toEqual(expected);
  });
});

describe('breakerAllows', () => {
  it.each<[string, StoreBreaker, number, boolean, StoreBreaker]>([
    ['closed: every call', { state: 'closed', refusals: 2 }, 1000, true, { state: 'closed', refusals: 2 }],
    ['open: none before the cool-down ends', { state: 'open', until: 1500 }, 1499, false, { state: 'open', until: 1500 }],
    ['open: one probe once it ends', { state: 'open', until: 1500 }, 1500, true, { state: 'half-open', probeAt: 1500 }],
    ['half-open: none while the probe is out', { state: 'half-open', probeAt: 1500 }, 1900, false, { state: 'half-open', probeAt: 1500 }],
    [
      'half-open: another probe when the first hangs a cool-down',
      { state: 'half-open', probeAt: 1500 },
      2000,
      true,
      { state: 'half-open', probeAt: 2000 },
    ],
  ])('%s', (_name, breaker, now, allowed, next) => {
    expect(breakerAllows(breaker, now, policy)).toEqual({ allowed, breaker: next });
  });

  it('opens after three refusals and closes after a probe answers', () => {
    let breaker: StoreBreaker = CLOSED_BREAKER;
    for (const now of [0, 1, 2]) breaker = breakerRecords(breaker, 'refused', now, policy);
    expect(breakerAllows(breaker, 100, policy).allowed).toBe(false);
    const probe = breakerAllows(breaker, 502, policy);
    expect(probe.allowed).toBe(true);
    expect(breakerAllows(probe.breaker, 503, policy).allowed).toBe(false);
    expect(breakerRecords(probe.breaker, 'ok', 510, policy)).toEqual(CLOSED_BREAKER);
  });
});
