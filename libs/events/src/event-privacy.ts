import type { HindsightEvent } from './cloud-event';
import { type EventData, EVENT_TYPES, type EventType } from './event-catalogue';

/**
 * What of an event type may be shown to the contact (the caller) and used in insights (SPEC, privacy):
 * an internal event never; a shared one, all but its internal fields.
 */
export type EventPrivacy<T extends EventType> =
  | { readonly sharedWithContact: false }
  | { readonly sharedWithContact: true; readonly internalFields: ReadonlyArray<keyof EventData<T> & string> };

const INTERNAL = { sharedWithContact: false } as const;
const SHARED = { sharedWithContact: true, internalFields: [] } as const;

/**
 * The privacy rule, one decision per catalogue type (a type missing here does not compile): internal
 * notes, comments, reactions, tags and wrap-up notes are never shown to callers nor used in insights.
 * Every read model sees events through it (`foldEvents`); insights must too.
 */
export const EVENT_PRIVACY: { readonly [T in EventType]: EventPrivacy<T> } = {
  'call.completed': SHARED,
  'call.transcript.completed': SHARED,
  'call.summary.completed': SHARED,
  'message.received': SHARED,
  'message.sent': SHARED,
  'voicemail.completed': SHARED,
  // The wrap-up code is shown to callers; the agent's notes on it are not.
  'conversation.wrapup.assigned': { sharedWithContact: true, internalFields: ['notes'] },
  'conversation.note.added': INTERNAL,
  'conversation.comment.added': INTERNAL,
  'conversation.reaction.added': INTERNAL,
  'conversation.tag.added': INTERNAL,
  'session.routed': SHARED,
  'session.connected': SHARED,
  'session.ended': SHARED,
  'contact.identified': SHARED,
  'inbox.configured': SHARED,
  'workspace.configured': SHARED,
  'user.configured': SHARED,
  // Written for agents, from shared interactions only (a generation never reads internal events or fields).
  'contact.insights.generated': SHARED,
};

// Events read back from a log may carry a type this version does not know: it is not shared (and no read model folds it).
const privacyOf = (type: string): EventPrivacy<EventType> | undefined =>
  (EVENT_PRIVACY as Partial<Record<string, EventPrivacy<EventType>>>)[type];

/** Internal collaboration: the whole event stays with the agents. */
export function isInternalEventType(type: EventType): boolean {
  return privacyOf(type)?.sharedWithContact !== true;
}

/** Whether the event may reach a caller or insights at all (its internal fields never do: `withoutInternalFields`). */
export function isSharedWithContact(event: HindsightEvent): boolean {
  return privacyOf(event.type)?.sharedWithContact === true;
}

/** The `data` fields of a shared event type that stay internal (none for an internal type: the whole event is). */
export function internalFieldsOf(type: EventType): readonly string[] {
  const privacy = privacyOf(type);
  return privacy?.sharedWithContact ? privacy.internalFields : [];
}

export const INTERNAL_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter(isInternalEventType);

/**
 * The event without its internal `data` fields: the same object when it carries none (the common
 * case, so folding allocates nothing), else a copy; the event itself is never changed.
 */
export function withoutInternalFields<E extends HindsightEvent>(event: E): E {
  const fields = internalFieldsOf(event.type);
  let carriesInternalFields = false;
  for (const field of fields) if (Object.hasOwn(event.data, field)) carriesInternalFields = true;
  if (!carriesInternalFields) return event;
  const data: Record<string, unknown> = { ...event.data };
  for (const field of fields) delete data[field];
  return { ...event, data };
}
