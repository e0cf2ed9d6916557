import type { TimestampWire } from './history-wire.types';

/** google.protobuf.Timestamp's valid range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
const MIN_SECONDS = -62_135_596_800;
const MAX_SECONDS = 253_402_300_799;
const MAX_NANOS = 999_999_999;

/** A UTC ISO 8601 instant (the domain's timestamps) as a Timestamp. */
export function toTimestamp(instant: string): TimestampWire {
  const milliseconds = Date.parse(instant);
  if (Number.isNaN(milliseconds)) throw new RangeError(`not a timestamp: ${instant}`);
  const seconds = Math.floor(milliseconds / 1000);
  return { seconds, nanos: (milliseconds - seconds * 1000) * 1_000_000 };
}

/**
 * A Timestamp as a UTC ISO 8601 instant with milliseconds (the domain keeps milliseconds: finer
 * digits are dropped, never rounded up past the given instant); `undefined` when it is outside the
 * Timestamp range or its nanos are not 0 to 999,999,999.
 */
export function fromTimestamp(timestamp: TimestampWire): string | undefined {
  const seconds = Number(timestamp.seconds ?? 0);
  const nanos = timestamp.nanos ?? 0;
  if (!Number.isSafeInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) return undefined;
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > MAX_NANOS) return undefined;
  return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000)).toISOString();
}
