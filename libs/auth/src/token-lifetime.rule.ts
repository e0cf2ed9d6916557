const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
/** A demo or operator token lives a year at most: a longer one is a key in disguise. */
export const MAX_TOKEN_LIFETIME_SECONDS = 366 * 86_400;

/** `30s`, `15m`, `12h`, `7d` in seconds, or undefined when it is not such a duration (or out of range). */
export function tokenLifetimeSeconds(text: string): number | undefined {
  const match = /^(\d{1,9})([smhd])$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds >= 1 && seconds <= MAX_TOKEN_LIFETIME_SECONDS ? seconds : undefined;
}
