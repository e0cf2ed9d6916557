import { type EventType, type HindsightEvent, validateEvent } from '@app/events';
import { cloudEvent, VALID_DATA } from '@app/events/testing/event.fixtures';

/** A validated event of `type` with `id`, event time and data overrides. */
export function makeEvent(
  type: EventType,
  id: string,
  options: { time?: string; data?: Record<string, unknown>; envelope?: Record<string, unknown> } = {},
): HindsightEvent {
  const raw = cloudEvent(
    type,
    { ...VALID_DATA[type], ...options.data },
    { id, time: options.time ?? '2026-03-01T09:04:00Z', ...options.envelope },
  );
  const result = validateEvent(raw);
  if (!result.ok) throw new Error(`invalid test event ${id}: ${JSON.stringify(result.errors)}`);
  return result.event;
}

export const messages = (count: number, prefix = 'msg', data: Record<string, unknown> = {}): HindsightEvent[] =>
  Array.from({ length: count }, (_, index) =>
    makeEvent('message.received', `${prefix}-${index}`, { data: { messageId: `${prefix}-${index}`, ...data } }),
  );

/**
 * A stored event no projection can fold, as the parser let through before issue 11 (a transcript segment
 * that is an array): `call.transcript.completed` of `transcript`'s call with `segments: [[]]`. Only the
 * event store API takes it (it does not parse); folding it throws in the activity projection.
 */
export function poisonTranscript(transcript: HindsightEvent, id = `${transcript.id}-poison`): HindsightEvent {
  if (transcript.type !== 'call.transcript.completed') throw new Error(`not a transcript: ${transcript.type}`);
  return { ...transcript, id, data: { ...transcript.data, segments: [[]] } } as unknown as HindsightEvent;
}
