import type { ActivityDocument } from '../read-model.types';

/**
 * Keys of read-model documents. Every document belongs to one workspace and its key starts with it
 * (`ws-1/…`), so keys never collide across tenants. Keys are stored in every read-model database: this
 * module is the only one that builds or reads them, and their text must never change.
 */
const workspaceKey = (workspaceId: string, key: string) => `${workspaceId}/${key}`;

/** The part of a key after its workspace, or undefined when the key is not of that workspace. */
function keyWithinWorkspace(workspaceId: string, key: string): string | undefined {
  const prefix = `${workspaceId}/`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
}

// A call, a message and a voicemail may share an id: the kind keeps them apart.
export const activityKey = (workspaceId: string, kind: ActivityDocument['kind'], id: string) => workspaceKey(workspaceId, `${kind}:${id}`);
export const conversationKey = (workspaceId: string, conversationId: string) => workspaceKey(workspaceId, conversationId);
/** What every conversation key of the workspace starts with, the conversationId following: a store joins on it. */
export const conversationKeyPrefix = (workspaceId: string) => workspaceKey(workspaceId, '');
export const sessionKey = (workspaceId: string, sessionId: string) => workspaceKey(workspaceId, sessionId);
export const contactKey = (workspaceId: string, contactId: string) => workspaceKey(workspaceId, contactId);
export const inboxKey = (workspaceId: string, inboxId: string) => workspaceKey(workspaceId, inboxId);
export const userKey = (workspaceId: string, userId: string) => workspaceKey(workspaceId, userId);
/** Insights are kept per contact key (`id:…`, `tel:…`, `mail:…`), which cannot collide with the other collections' keys. */
export const insightsKey = (workspaceId: string, contactKey: string) => workspaceKey(workspaceId, contactKey);
/** The workspace's own document: one per workspace, keyed by its id alone. */
export const workspaceDocumentKey = (workspaceId: string) => workspaceId;

/** The contactId a contact document's key holds (the workspace must be known: ids may contain `/`). */
export const contactIdOfKey = (workspaceId: string, key: string): string | undefined => keyWithinWorkspace(workspaceId, key);

/** A document across collections, as the engine and `foldEvents` hold them in memory: `collection NUL key`. */
export const documentId = (collection: string, key: string): string => `${collection}\u0000${key}`;

export function parseDocumentId(id: string): { readonly collection: string; readonly key: string } {
  const separator = id.indexOf('\u0000');
  return { collection: id.slice(0, separator), key: id.slice(separator + 1) };
}
