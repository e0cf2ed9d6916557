import type { InboxDocument, UserDocument, WorkspaceDocument } from '../read-model.types';
import { inboxKey, userKey, workspaceDocumentKey } from './document-key';
import { type DocumentProjection, isNotOlder } from './document-projection';

/** Configuration is last-writer-wins by event time: replaying an old configuration never undoes a newer one. */
export const inboxProjection: DocumentProjection<InboxDocument> = {
  collection: 'inbox',
  keyOf: (event) => (event.type === 'inbox.configured' ? inboxKey(event.data.workspaceId, event.data.inboxId) : undefined),
  apply(document, event) {
    if (event.type !== 'inbox.configured' || (document && !isNotOlder(event.time, document.configuredAt))) return document;
    const { workspaceId, inboxId, name, phoneNumber, language, historyEnabled } = event.data;
    return { workspaceId, inboxId, name, phoneNumber, language, historyEnabled, configuredAt: event.time };
  },
};

export const workspaceProjection: DocumentProjection<WorkspaceDocument> = {
  collection: 'workspace',
  keyOf: (event) => (event.type === 'workspace.configured' ? workspaceDocumentKey(event.data.workspaceId) : undefined),
  apply(document, event) {
    if (event.type !== 'workspace.configured' || (document && !isNotOlder(event.time, document.configuredAt))) return document;
    return { workspaceId: event.data.workspaceId, insightsEnabled: event.data.insightsEnabled, configuredAt: event.time };
  },
};

export const userProjection: DocumentProjection<UserDocument> = {
  collection: 'user',
  keyOf: (event) => (event.type === 'user.configured' ? userKey(event.data.workspaceId, event.data.userId) : undefined),
  apply(document, event) {
    if (event.type !== 'user.configured' || (document && !isNotOlder(event.time, document.configuredAt))) return document;
    const { workspaceId, userId, name, licenses, inboxIds, role } = event.data;
    return { workspaceId, userId, name, licenses, inboxIds, role, configuredAt: event.time };
  },
};
