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
