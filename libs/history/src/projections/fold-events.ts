import { type HindsightEvent, isSharedWithContact, withoutInternalFields } from '@app/events';
import { documentId } from './document-key';
import type { DocumentProjection } from './document-projection';
import { assertStorable } from './storable-values.rule';

/** Documents by `collection/key`. */
export type DocumentMap = Map<string, unknown>;

/**
 * Applies events to documents in memory, in the given order: the reference semantics of the engine
 * (which does the same against a database, batch by batch), used directly by tests.
 *
 * Read models hold only what was shared with the contact: reducers never see an internal event, and
 * see shared ones without their internal fields (wrap-up notes), whatever each reducer does.
 */
export function foldEvents(
  projections: ReadonlyArray<DocumentProjection<unknown>>,
  events: Iterable<HindsightEvent>,
  documents: DocumentMap = new Map(),
): DocumentMap {
  for (const event of events) {
    if (!isSharedWithContact(event)) continue;
    const shared = withoutInternalFields(event);
    for (const projection of projections) {
      const key = projection.keyOf(shared);
      if (key === undefined) continue;
      const id = documentId(projection.collection, key);
      const next = projection.apply(documents.get(id), shared);
      if (next === undefined) documents.delete(id);
      else documents.set(id, next);
    }
  }
  return documents;
}

/** A fold that threw: the event, its index in the folded events, the projection (by collection) and what it threw. */
export interface QuarantinedFold {
  /** The event as the projection saw it (shared fields only). */
  readonly event: HindsightEvent;
  readonly index: number;
  readonly collection: string;
  readonly error: unknown;
}

/**
 * `foldEvents` where one event cannot stop the others: when a projection's `keyOf`, `apply` or
 * `indexEntries` (on the new document) throws for an event, that projection's document stays as it was
 * before the event, the failure is returned, and the fold goes on. So does a document whose key or
 * index entries no store could keep (`assertStorable`). Other projections still fold the
 * event. `indexEntries` runs here, once per change, because the engine indexes the result: a document
 * it cannot index must not be stored.
 */
export function foldEventsGuarded(
  projections: ReadonlyArray<DocumentProjection<unknown>>,
  events: Iterable<HindsightEvent>,
  documents: DocumentMap = new Map(),
): { readonly documents: DocumentMap; readonly quarantined: QuarantinedFold[] } {
  const quarantined: QuarantinedFold[] = [];
  let index = -1;
  for (const event of events) {
    index += 1;
    if (!isSharedWithContact(event)) continue;
    const shared = withoutInternalFields(event);
    for (const projection of projections) {
      // A try per fold: V8 optimises it, and the failure path is the only one that costs.
      try {
        const key = projection.keyOf(shared);
        if (key === undefined) continue;
        const id = documentId(projection.collection, key);
        const next = projection.apply(documents.get(id), shared);
        if (next === undefined) documents.delete(id);
        else {
          assertStorable(key, projection.indexEntries?.(next));
          documents.set(id, next);
        }
      } catch (error) {
        quarantined.push({ event: shared, index, collection: projection.collection, error });
      }
    }
  }
  return { documents, quarantined };
}

/** Longest error message kept: enough to find the bug, too short to carry much of an event's content. */
const FOLD_ERROR_MESSAGE_LENGTH = 500;

/** What is recorded of a failed fold: the error's name and message (never the event), whatever was thrown. */
export function foldError(error: unknown): { readonly name: string; readonly message: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : safeString(error);
  return {
    name,
    message: message.length <= FOLD_ERROR_MESSAGE_LENGTH ? message : `${message.slice(0, FOLD_ERROR_MESSAGE_LENGTH - 1)}…`,
  };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'unprintable value';
  }
}
