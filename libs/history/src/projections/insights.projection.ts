import type { InsightsDocument } from '../read-model.types';
import { insightsKey } from './document-key';
import { type DocumentProjection, isNotOlder } from './document-projection';

/**
 * The current contact insights, one document per contact key: the latest generation by event time
 * replaces the previous one (the last one generated wins, whatever the arrival order); earlier ones stay
 * in the event log, for audit and for "as of" reads, and never in this document.
 */
export const insightsProjection: DocumentProjection<InsightsDocument> = {
  collection: 'insights',

  keyOf(event) {
    return event.type === 'contact.insights.generated' ? insightsKey(event.data.workspaceId, event.data.contactKey) : undefined;
  },

  apply(document, event) {
    if (event.type !== 'contact.insights.generated') return document;
    if (document && !isNotOlder(event.time, document.generatedAt)) return document;
    return { ...event.data, generatedAt: event.time };
  },
};
