import { insightsFacts } from './insights-facts.rule';
import type { InsightsInteraction } from './insights.types';

const interaction = (interactionId: string, occurredAt: string, overrides: Partial<InsightsInteraction> = {}): InsightsInteraction => ({
  interactionId,
  kind: 'call',
  channel: 'call',
  direction: 'inbound',
  occurredAt,
  inboxId: 'inbox-1',
  conversationId: `conversation-${interactionId}`,
  ...overrides,
});

describe('insightsFacts', () => {
  it('says who last interacted, when, on which channel, and counts per channel over the period', () => {
    const facts = insightsFacts([
      interaction('sms-1', '2026-11-20T10:00:00.000Z', {
        kind: 'message',
        channel: 'sms',
        direction: 'outbound',
        handledBy: { kind: 'user', id: 'u-1', name: 'Bob' },
      }),
      interaction('call-2', '2026-11-10T10:00:00.000Z', { handledBy: { kind: 'ai_agent', id: 'sona' } }),
      interaction('vm-1', '2026-10-01T10:00:00.000Z', { kind: 'voicemail', channel: 'voicemail' }),
      interaction('wa-1', '2026-09-01T10:00:00.000Z', { kind: 'message', channel: 'whatsapp' }),
    ]);
    expect(facts).toEqual({
      lastInteraction: {
        interactionId: 'sms-1',
        occurredAt: '2026-11-20T10:00:00.000Z',
        channel: 'sms',
        direction: 'outbound',
        handledBy: { kind: 'user', id: 'u-1', name: 'Bob' },
      },
      interactionCount: 4,
      byChannel: { call: 1, voicemail: 1, sms: 1, whatsapp: 1 },
      period: { from: '2026-09-01T10:00:00.000Z', to: '2026-11-20T10:00:00.000Z' },
    });
  });

  it('takes the last by time, whatever the order given, and leaves handledBy out when unknown', () => {
    const facts = insightsFacts([interaction('old', '2026-01-01T00:00:00.000Z'), interaction('new', '2026-02-01T00:00:00.000Z')]);
    expect(facts.lastInteraction).toEqual({
      interactionId: 'new',
      occurredAt: '2026-02-01T00:00:00.000Z',
      channel: 'call',
      direction: 'inbound',
    });
  });
});
