import { type CommittedDocument, type ContactChanges, contactChanges } from './contact-changes.rule';
import type { ActivityDocument, SessionDocument } from './read-model.types';

const session: SessionDocument = {
  workspaceId: 'ws',
  sessionId: 's-1',
  inboxId: 'support',
  contact: { contactId: 'c-1', phone: '+33612340000' },
  routedAt: '2026-03-01T09:00:00.000Z',
};
const activity: ActivityDocument = {
  workspaceId: 'ws',
  id: 'sms-1',
  kind: 'message',
  inboxId: 'sales',
  contact: { phone: '+33612340000' },
  occurredAt: '2026-03-01T10:00:00.000Z',
};
const committed = (collection: string, document: unknown): CommittedDocument => ({ collection, key: 'k', document });

describe('contactChanges', () => {
  it.each<[string, CommittedDocument[], ContactChanges]>([
    [
      'a session, with every identifier its event carried',
      [committed('session', session)],
      { changes: [{ kind: 'session', workspaceId: 'ws', identifiers: ['id:c-1', 'tel:+33612340000'], inboxId: 'support', session }] },
    ],
    [
      'an interaction',
      [committed('activity', activity)],
      {
        changes: [
          {
            kind: 'interaction',
            workspaceId: 'ws',
            identifiers: ['tel:+33612340000'],
            inboxId: 'sales',
            interactionId: 'sms-1',
            occurredAt: '2026-03-01T10:00:00.000Z',
          },
        ],
      },
    ],
    ['other collections are no contact view', [committed('inbox', { workspaceId: 'ws' }), committed('counter', 3)], { changes: [] }],
    ['a deleted document', [committed('session', undefined)], { changes: [] }],
    ['a session without a contact concerns nobody', [committed('session', { ...session, contact: undefined })], { changes: [] }],
  ])('%s', (_case, documents, expected) => {
    expect(contactChanges(documents)).toEqual(expected);
  });

  it('names the workspaces of a batch past the limit instead of listing its changes', () => {
    const many = [
      committed('session', session),
      committed('activity', activity),
      committed('activity', { ...activity, workspaceId: 'other' }),
    ];
    expect(contactChanges(many, 2)).toEqual({ changes: [], overflow: { workspaceIds: ['ws', 'other'] } });
    expect(contactChanges(many, 3).changes).toHaveLength(3);
  });
});
