import { parsePhoneNumberFromString } from 'libphonenumber-js';

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

function isCalendarValid(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = match[9] === undefined || (Number(match[9]) <= 23 && Number(match[10]) <= 59);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}

/**
 * RFC 3339 timestamp (an offset is required: a local time without one is ambiguous) to UTC ISO 8601
 * with milliseconds; `undefined` if it is not one (including impossible dates such as 31 April).
 */
export function toUtcTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Fast path: most producers already send canonical UTC with milliseconds.
  if (value.length === 24 && value.endsWith('Z')) {
    const milliseconds = Date.parse(value);
    if (!Number.isNaN(milliseconds) && new Date(milliseconds).toISOString() === value) return value;
  }
  const match = RFC_3339.exec(value);
  if (!match || !isCalendarValid(match)) return undefined;
  const milliseconds = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(milliseconds) ? undefined : new Date(milliseconds).toISOString();
}

/**
 * International phone number to E.164. Numbers must carry their country code (`+33…` or `0033…`):
 * events come from many countries and there is no safe default country. Plausible-length numbers are
 * accepted even when the numbering plan metadata does not know the range, so that no real caller is lost.
 */
export function toE164(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const remembered = recentPhones.get(value);
  if (remembered !== undefined) {
    // Least recently used first out: a number seen again moves to the end.
    recentPhones.delete(value);
    recentPhones.set(value, remembered);
    return remembered ?? undefined;
  }
  const normalised = parseE164(value);
  if (recentPhones.size >= RECENT_PHONES) recentPhones.delete(recentPhones.keys().next().value as string);
  recentPhones.set(value, normalised ?? null);
  return normalised;
}

/**
 * Parsing a number with its numbering plan costs microseconds on every event and every history call
 * (about 6% of serve's busy main thread at 32 calls in flight), and callers call again: the last
 * numbers seen are remembered.
 * Bounded, so that a flood of distinct numbers costs memory once, not without end.
 */
const RECENT_PHONES = 10_000;
const recentPhones = new Map<string, string | null>();

function parseE164(value: string): string | undefined {
  const trimmed = value.trim().replace(/^00/, '+');
  if (!trimmed.startsWith('+')) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed || !parsed.isPossible()) return undefined;
  return parsed.number;
}

/** Canonicalising a tag is costly and the set of tags in use is small: remember the answers. */
const languageTags = new Map<string, string | undefined>();

/** BCP-47 language tag in canonical form (`en-us` → `en-US`); `undefined` if not a well-formed tag. */
export function toLanguageTag(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return undefined;
  if (languageTags.has(value)) return languageTags.get(value);
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(value);
  } catch {
    canonical = undefined;
  }
  if (languageTags.size < 10_000) languageTags.set(value, canonical);
  return canonical;
}

/** E-mail addresses are compared case-insensitively when keying contacts. */
export function toEmail(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) && trimmed.length <= 320 ? trimmed : undefined;
}
