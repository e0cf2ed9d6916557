/**
 * The circuit breaker of the history store. A store that refuses connections fails every call, each after
 * its own attempt; after a few consecutive refusals the breaker opens and calls are answered at once
 * (`available: false`, `history store unavailable`) without touching the store. After a cool-down one
 * call probes it: a success closes the breaker, a refusal opens it again. Slow answers are not refusals:
 * admission control handles those.
 */
export type StoreBreaker =
  | { readonly state: 'closed'; readonly refusals: number }
  | { readonly state: 'open'; readonly until: number }
  | { readonly state: 'half-open'; readonly probeAt: number };

export interface StoreBreakerPolicy {
  /** Consecutive refusals that open the breaker. */
  readonly threshold: number;
  /** How long it stays open before one call probes the store. */
  readonly coolDownMs: number;
}

export const DEFAULT_STORE_BREAKER_POLICY: StoreBreakerPolicy = { threshold: 3, coolDownMs: 500 };

export const CLOSED_BREAKER: StoreBreaker = { state: 'closed', refusals: 0 };

/**
 * Whether a call may use the store now; an open breaker whose cool-down is over lets this one call probe
 * (and another one after each cool-down while no probe has come back: a probe may hang).
 */
export function breakerAllows(
  breaker: StoreBreaker,
  now: number,
  policy = DEFAULT_STORE_BREAKER_POLICY,
): { readonly allowed: boolean; readonly breaker: StoreBreaker } {
  switch (breaker.state) {
    case 'closed':
      return { allowed: true, breaker };
    case 'open':
      return now >= breaker.until ? { allowed: true, breaker: { state: 'half-open', probeAt: now } } : { allowed: false, breaker };
    case 'half-open':
      return now - breaker.probeAt >= policy.coolDownMs
        ? { allowed: true, breaker: { state: 'half-open', probeAt: now } }
        : { allowed: false, breaker };
  }
}

/** The outcome of a call that used the store: answered (`ok`, a timeout included) or `refused` by the store. */
export function breakerRecords(
  breaker: StoreBreaker,
  outcome: 'ok' | 'refused',
  now: number,
  policy = DEFAULT_STORE_BREAKER_POLICY,
): StoreBreaker {
  if (outcome === 'ok') return CLOSED_BREAKER;
  if (breaker.state === 'half-open' || breaker.state === 'open') return { state: 'open', until: now + policy.coolDownMs };
  const refusals = breaker.refusals + 1;
  return refusals >= policy.threshold ? { state: 'open', until: now + policy.coolDownMs } : { state: 'closed', refusals };
}
