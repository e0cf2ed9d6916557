import {
  activityKey,
  contactIdOfKey,
  contactKey,
  conversationKey,
  conversationKeyPrefix,
  documentId,
  inboxKey,
  parseDocumentId,
  sessionKey,
  userKey,
} from './document-key';

describe('document keys', () => {
  // Keys are stored in every read-model database: these rows pin them byte for byte.
  it.each<[string, string, string]>([
    ['a call', activityKey('ws-1', 'call', 'call-1'), 'ws-1/call:call-1'],
    ['a message', activityKey('ws-1', 'message', 'msg-1'), 'ws-1/message:msg-1'],
    ['a voicemail', activityKey('ws-1', 'voicemail', 'vm-1'), 'ws-1/voicemail:vm-1'],
    ['a conversation', conversationKey('ws-1', 'conv-1'), 'ws-1/conv-1'],
    ['a session', sessionKey('ws-1', 'session-1'), 'ws-1/session-1'],
    ['a contact', contactKey('ws-1', 'contact-1'), 'ws-1/contact-1'],
    ['an inbox', inboxKey('ws-1', 'inbox-1'), 'ws-1/inbox-1'],
    ['a user', userKey('ws-1', 'user-1'), 'ws-1/user-1'],
  ])('keys %s within its workspace', (_case, key, stored) => {
    expect(key).toBe(stored);
  });

  it.each<[string, string, string]>([
    ['ws-1', 'conv-1', 'ws-1/'],
    ['ws/1', 'crm/42', 'ws/1/'],
  ])('a conversation key of workspace %s is its prefix followed by the id %s', (workspaceId, conversationId, prefix) => {
    expect(conversationKeyPrefix(workspaceId)).toBe(prefix);
    expect(conversationKey(workspaceId, conversationId)).toBe(conversationKeyPrefix(workspaceId) + conversationId);
  });

  it.each<[string, string, string, string | undefined]>([
    ['a contactId', 'ws-1', contactKey('ws-1', 'contact-1'), 'contact-1'],
    ['a contactId holding a slash', 'ws-1', contactKey('ws-1', 'crm/42'), 'crm/42'],
    ['a workspace holding a slash', 'ws/1', contactKey('ws/1', 'contact-1'), 'contact-1'],
    ['a key of another workspace', 'ws-2', contactKey('ws-1', 'contact-1'), undefined],
    ['a key of a workspace that starts the same', 'ws', contactKey('ws-1', 'contact-1'), undefined],
  ])('reads %s back from a contact key', (_case, workspaceId, key, contactId) => {
    expect(contactIdOfKey(workspaceId, key)).toBe(contactId);
  });

  it.each([
    ['activity', activityKey('ws-1', 'call', 'call-1')],
    ['contact', contactKey('ws/1', 'crm/42')],
    ['conversation', ''],
  ])('reads the collection %s and its key back from a document id', (collection, key) => {
    expect(parseDocumentId(documentId(collection, key))).toEqual({ collection, key });
  });
});
