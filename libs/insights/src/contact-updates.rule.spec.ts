import type { ContactChange, ContactChanges, SessionDocument } from '@app/history';
import { type ContactUpdate, contactUpdates, type ContactViewer } from './contact-updates.rule';
import type { InsightsUser } from './insights-permissions.rule';

const NOW = '2026-03-01T09:30:00.000Z';
const agent: InsightsUser = { userId: 'alice', name: 'Alice', licenses: [], inboxIds: ['support'], role: 'agent' };
const admin: InsightsUser = { ...agent, inboxIds: [], role: 'admin' };
const viewer: ContactViewer = { workspaceId: 'ws', identifiers: ['id:c-1', 'tel:+33612340000'], user: agent };

const ended: SessionDocument = {
  workspaceId: 'ws',
  sessionId: 's-1',
  inboxId: 'support',
  contact: { phone: '+33612340000' },
  routedAt: '2026-03-01T09:00:00.000Z',
  endedAt: '2026-03-01T09:10:00.000Z',
  endedBy: 'customer',
};
const sessionChange = (patch: Partial<SessionDocument> = {}, identifiers = ['tel:+33612340000']): ContactChange => ({
  kind: 'session',
  workspaceId: patch.workspaceId ?? 'ws',
  identifiers,
  inboxId: 'inboxId' in patch ? patch.inboxId : 'support',
  session: { ...ended, ...patch },
});
const interaction = (inboxId: string | undefined): ContactChange => ({
  kind: 'interaction',
  workspaceId: 'ws',
  identifiers: ['id:c-1'],
  inboxId,
  interactionId: 'sms-1',
  occurredAt: '2026-03-01T09:20:00.000Z',
});
const batch = (...changes: ContactChange[]): ContactChanges => ({ changes });

describe('contactUpdates', () => {
  it.each<[string, ContactChanges, ContactViewer, Array<ContactUpdate['type']>]>([
    ['a session of the contact, in an inbox the agent sees', batch(sessionChange()), viewer, ['session']],
    ['the contact known by another of its identifiers', batch(sessionChange({}, ['id:c-1'])), viewer, ['session']],
    ['another contact', batch(sessionChange({}, ['tel:+33700000000'])), viewer, []],
    ['the same identifier in another workspace', batch(sessionChange({ workspaceId: 'other' })), viewer, []],
    ['a session of an inbox the agent does not see', batch(sessionChange({ inboxId: 'sales' })), viewer, []],
    ['a session not yet in an inbox, for an agent', batch(sessionChange({ inboxId: undefined })), viewer, []],
    ['a session not yet in an inbox, for an admin', batch(sessionChange({ inboxId: undefined })), { ...viewer, user: admin }, ['session']],
    ['an interaction the agent sees', batch(interaction('support')), viewer, ['interaction']],
    ['an interaction of another inbox', batch(interaction('sales')), viewer, []],
    ['an interaction not yet placed in an inbox', batch(interaction(undefined)), viewer, []],
    ['a batch too large, in the viewer’s workspace', { changes: [], overflow: { workspaceIds: ['other', 'ws'] } }, viewer, ['reset']],
    ['a batch too large, elsewhere', { changes: [], overflow: { workspaceIds: ['other'] } }, viewer, []],
    ['changes missed everywhere (a projector restarted)', { changes: [], overflow: {} }, viewer, ['reset']],
    ['several changes, in order', batch(interaction('support'), sessionChange()), viewer, ['interaction', 'session']],
  ])('%s', (_case, changes, who, expected) => {
    expect(contactUpdates(changes, who, NOW).map((update) => update.type)).toEqual(expected);
  });

  it('gives the card as the sessions view computes it: a session ended by the customer is white', () => {
    expect(contactUpdates(batch(sessionChange()), viewer, NOW)).toEqual([
      {
        type: 'session',
        card: expect.objectContaining({ sessionId: 's-1', colour: 'white', status: 'abandoned', durationSeconds: 600 }) as unknown,
      },
    ]);
  });
});
