import type { HindsightEvent } from '@app/events';

/** A secondary index entry: how a document is found other than by its key. */
export interface IndexEntry {
  readonly index: 'activity-by-contact' | 'contact-by-identifier' | 'session-by-contact';
  readonly workspaceId: string;
  /** A contact identifier (`contactIdentifier`). */
  readonly identifier: string;
  /** The inbox of an activity or a session; empty otherwise. */
  readonly scope: string;
  /** The activity's time, when a session was routed, or when a contact was identified. */
  readonly sortKey: string;
}

/**
 * A read model as a pure reducer over documents: the engine loads the document an event concerns,
 * applies the event, and stores the result with its index entries, all in the checkpoint's transaction.
 * Reducers must be order-independent where events can arrive late: they compare event times
 * themselves, so replaying the log in any arrival order yields the same documents.
 */
export interface DocumentProjection<D> {
  readonly collection: string;
  /** Key of the document this event changes, or undefined when the event does not concern this model. */
  keyOf(event: HindsightEvent): string | undefined;
  apply(document: D | undefined, event: HindsightEvent): D | undefined;
  indexEntries?(document: D): IndexEntry[];
}

/** Keeps the later of two facts by event time; an equal time lets the later arrival win (a correction). */
export const isNotOlder = (time: string, than: string | undefined): boolean => than === undefined || time >= than;
