import type { SessionDocument } from './read-model.types';
import { type SessionCard, sessionCard } from './session-card';

const base: SessionDocument = {
  workspaceId: 'ws',
  sessionId: 's',
  channel: 'call',
  direction: 'inbound',
  queueId: 'q',
  queueName: 'Support',
  routedAt: '2026-03-01T09:00:00.000Z',
};
const NOW = '2026-03-01T09:30:00.000Z';

describe('sessionCard', () => {
  it.each<[string, Partial<SessionDocument>, Partial<SessionCard>]>([
    ['waiting in queue', {}, { colour: 'blue', status: 'waiting', durationSeconds: 1800, channelIcon: 'call', queue: 'Support' }],
    [
      'connected to an agent',
      { connectedAt: '2026-03-01T09:01:00.000Z', agent: { id: 'u', name: 'Bob' } },
      { colour: 'blue', status: 'connected', agent: 'Bob' },
    ],
    [
      'abandoned by the customer in queue',
      { endedAt: '2026-03-01T09:02:00.000Z', endedBy: 'customer' },
      { colour: 'white', status: 'abandoned', durationSeconds: 120 },
    ],
    [
      'abandoned by the customer while connected, before any wrap-up code',
      { connectedAt: '2026-03-01T09:01:00.000Z', endedAt: '2026-03-01T09:04:00.000Z', endedBy: 'customer' },
      { colour: 'white', status: 'abandoned' },
    ],
    [
      'abandoned by the customer, then wrapped up by the agent',
      {
        connectedAt: '2026-03-01T09:01:00.000Z',
        endedAt: '2026-03-01T09:04:00.000Z',
        endedBy: 'customer',
        wrapup: { code: 'callback', assignedAt: '2026-03-01T09:05:00.000Z' },
      },
      { colour: 'grey', status: 'callback' },
    ],
    [
      'ended by the agent without a wrap-up code',
      { connectedAt: '2026-03-01T09:01:00.000Z', endedAt: '2026-03-01T09:05:00.000Z', endedBy: 'agent' },
      { colour: 'white', status: 'ended' },
    ],
    [
      'ended with a wrap-up code (it replaces the status)',
      {
        endedAt: '2026-03-01T09:05:00.000Z',
        endedBy: 'agent',
        wrapup: { code: 'sale', label: 'Sale', assignedAt: '2026-03-01T09:06:00.000Z' },
      },
      { colour: 'grey', status: 'sale', wrapupLabel: 'Sale' },
    ],
    [
      'a code assigned while still active',
      { wrapup: { code: 'sale', assignedAt: '2026-03-01T09:06:00.000Z' } },
      { colour: 'blue', status: 'sale' },
    ],
    ['a chat', { channel: 'webchat' }, { channelIcon: 'chat' }],
    [
      'where it sits: started when routed, its conversation and inbox',
      { conversationId: 'conv-1', inboxId: 'support', endedAt: '2026-03-01T09:05:00.000Z' },
      { startedAt: '2026-03-01T09:00:00.000Z', endedAt: '2026-03-01T09:05:00.000Z', conversationId: 'conv-1', inboxId: 'support' },
    ],
    [
      'an outbound session never routed starts when connected',
      { routedAt: undefined, connectedAt: '2026-03-01T09:10:00.000Z', direction: 'outbound' },
      { startedAt: '2026-03-01T09:10:00.000Z', durationSeconds: 1200, direction: 'outbound' },
    ],
  ])('%s', (_case, patch, expected) => {
    expect(sessionCard({ ...base, ...patch }, NOW)).toMatchObject(expected);
  });
});
