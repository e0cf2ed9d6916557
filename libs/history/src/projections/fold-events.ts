import type { HindsightEvent } from '@app/events';
import type { DocumentProjection } from './document-projection';

/** Documents by `collection/key`. */
export type DocumentMap = Map<string, unknown>;

export const documentId = (collection: string, key: string): string => `${collection}\u0000${key}`;

/**
 * Applies events to documents in memory, in the given order: the reference semantics of the engine
 * (which does the same against a database, batch by batch), used directly by tests.
 */
export function foldEvents(
  projections: ReadonlyArray<DocumentProjection<unknown>>,
  events: Iterable<HindsightEvent>,
  documents: DocumentMap = new Map(),
): DocumentMap {
  for (const event of events) {
    for (const projection of projections) {
      const key = projection.keyOf(event);
      if (key === undefined) continue;
      const id = documentId(projection.collection, key);
      const next = projection.apply(documents.get(id), event);
      if (next === undefined) documents.delete(id);
      else documents.set(id, next);
    }
  }
  return documents;
}
