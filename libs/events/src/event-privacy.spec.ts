import type { HindsightEvent } from './cloud-event';
import { EVENT_TYPES, type EventType } from './event-catalogue';
import { INTERNAL_EVENT_TYPES, internalFieldsOf, isInternalEventType, isSharedWithContact, withoutInternalFields } from './event-privacy';
import { validateEvent } from './event.parser';
import { cloudEvent } from './testing/event.fixtures';

/**
 * The privacy rule of the SPEC, written out for every type. Not typed as a complete record on purpose:
 * a type added to the catalogue without a decision here fails its own test case below.
 */
const EXPECTED: Partial<Record<EventType, { readonly audience: 'shared' | 'internal'; readonly internalFields: readonly string[] }>> = {
  'call.completed': { audience: 'shared', internalFields: [] },
  'call.transcript.completed': { audience: 'shared', internalFields: [] },
  'call.summary.completed': { audience: 'shared', internalFields: [] },
  'message.received': { audience: 'shared', internalFields: [] },
  'message.sent': { audience: 'shared', internalFields: [] },
  'voicemail.completed': { audience: 'shared', internalFields: [] },
  'conversation.wrapup.assigned': { audience: 'shared', internalFields: ['notes'] },
  'conversation.note.added': { audience: 'internal', internalFields: [] },
  'conversation.comment.added': { audience: 'internal', internalFields: [] },
  'conversation.reaction.added': { audience: 'internal', internalFields: [] },
  'conversation.tag.added': { audience: 'internal', internalFields: [] },
  'session.routed': { audience: 'shared', internalFields: [] },
  'session.connected': { audience: 'shared', internalFields: [] },
  'session.ended': { audience: 'shared', internalFields: [] },
  'contact.identified': { audience: 'shared', internalFields: [] },
  'inbox.configured': { audience: 'shared', internalFields: [] },
  'workspace.configured': { audience: 'shared', internalFields: [] },
  'user.configured': { audience: 'shared', internalFields: [] },
  'contact.insights.generated': { audience: 'shared', internalFields: [] },
};

function validEvent(type: EventType): HindsightEvent {
  const result = validateEvent(cloudEvent(type));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
}

describe('the privacy rule', () => {
  it.each(EVENT_TYPES)('decides what of %s is shared with the contact', (type) => {
    const expected = EXPECTED[type];
    if (!expected) throw new Error(`${type}: decide whether it is shared with the contact, and which of its fields are internal`);
    const event = validEvent(type);
    expect(isSharedWithContact(event)).toBe(expected.audience === 'shared');
    expect(isInternalEventType(type)).toBe(expected.audience === 'internal');
    expect(INTERNAL_EVENT_TYPES.includes(type)).toBe(expected.audience === 'internal');
    expect(internalFieldsOf(type)).toEqual(expected.internalFields);
  });

  it.each(EVENT_TYPES)('strips the internal fields of %s and nothing else', (type) => {
    const event = validEvent(type);
    const before = JSON.stringify(event);
    const shared = withoutInternalFields(event);
    const fields = internalFieldsOf(type);
    if (fields.length === 0) {
      // Nothing to hide: the very same object, no copy.
      expect(shared).toBe(event);
      return;
    }
    // Every fixture of a type with internal fields carries them, so this strips something.
    for (const field of fields) expect(event.data).toHaveProperty(field);
    const expectedData = Object.fromEntries(Object.entries(event.data).filter(([field]) => !fields.includes(field)));
    expect(shared).toEqual({ ...event, data: expectedData });
    expect(JSON.stringify(event)).toBe(before);
  });

  it('keeps a shared event that omits its internal fields as it is', () => {
    const { notes: _notes, ...data } = validEvent('conversation.wrapup.assigned').data as unknown as Record<string, unknown>;
    const result = validateEvent(cloudEvent('conversation.wrapup.assigned', data));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.event.data).not.toHaveProperty('notes');
    expect(withoutInternalFields(result.event)).toBe(result.event);
  });

  it('shares nothing of a type it does not know (read back from another version of the log)', () => {
    const unknown = { ...validEvent('call.completed'), type: 'call.deleted' } as unknown as HindsightEvent;
    expect(isSharedWithContact(unknown)).toBe(false);
  });
});
