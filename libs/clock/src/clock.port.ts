/** DI token of the clock port. */
export const CLOCK = Symbol('CLOCK');

/** Reading the time is a side effect: it goes through this port so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `instant` (tests, replays "as of" a past instant). */
export function fixedClock(instant: Date | string): Clock {
  const time = new Date(instant).getTime();
  return { now: () => new Date(time) };
}
