import { type HindsightEvent, isSharedWithContact, withoutInternalFields } from '@app/events';
import { documentId } from './document-key';
import type { DocumentProjection } from './document-projection';

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
