import { parseEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { megabytes, now, peakRss, perSecond } from './measure';

/** The one parser every entry point uses: JSON text to a validated, normalised event. */
export function benchParse(count: number): void {
  const lines = Array.from(syntheticEvents(count), (event) => JSON.stringify(event));
  const bytes = lines.reduce((total, line) => total + line.length, 0);
  for (const line of lines.slice(0, 2000)) parseEvent(line); // warm-up
  const started = now();
  let valid = 0;
  for (const line of lines) if (parseEvent(line).ok) valid += 1;
  const elapsed = now() - started;
  if (valid !== count) throw new Error(`${count - valid} synthetic events were rejected`);
  console.log(
    `parse+validate: ${perSecond(count, elapsed)} events/s, ${megabytes((bytes / elapsed) * 1000)}/s (${count} events, avg ${Math.round(bytes / count)} bytes); peak RSS ${peakRss()}`,
  );
}
