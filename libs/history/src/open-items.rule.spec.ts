import type { HistoryActivity, OpenItem } from './history.types';
import { openItems } from './open-items.rule';
import type { ActivityDocument, ConversationDocument } from './read-model.types';
import { AT, call, callView, DAY, history, minus } from './testing/history-inputs.fixtures';

describe('open items', () => {
  it.each<[string, ActivityDocument[], ConversationDocument[], string[]]>([
    [
      'next steps of the last call are open',
      [call('a', minus(DAY), { summary: 's', nextSteps: ['Send the quote'] })],
      [],
      ['Send the quote'],
    ],
    [
      'a later answered call summarised without next steps resolves them',
      [
        call('a', minus(2 * DAY), { summary: 's', nextSteps: ['Send the quote'] }),
        call('b', minus(DAY), { summary: 'done', nextSteps: [] }),
      ],
      [],
      [],
    ],
    [
      'a later missed call does not resolve them',
      [call('a', minus(2 * DAY), { summary: 's', nextSteps: ['Send the quote'] }), call('b', minus(DAY), { status: 'missed' })],
      [],
      ['Send the quote'],
    ],
    [
      'a resolving wrap-up code on the same conversation resolves them',
      [call('a', minus(DAY), { summary: 's', nextSteps: ['Send the quote'] })],
      [{ workspaceId: 'ws-1', conversationId: 'conv-a', wrapup: { code: 'resolved', assignedAt: AT } }],
      [],
    ],
    [
      'a non-resolving wrap-up code leaves them open',
      [call('a', minus(DAY), { summary: 's', nextSteps: ['Send the quote'] })],
      [{ workspaceId: 'ws-1', conversationId: 'conv-a', wrapup: { code: 'callback', assignedAt: AT } }],
      ['Send the quote'],
    ],
  ])('open items: %s', (_case, activities, conversations, expected) => {
    expect(history(activities, conversations).openItems.map((item) => item.text)).toEqual(expected);
  });

  it.each<[string, HistoryActivity[], OpenItem[]]>([
    [
      'each next step of a call, with its call',
      [callView('a', minus(DAY), { summary: 's', nextSteps: ['Send the quote', 'Book a visit'] })],
      [
        { activityId: 'a', text: 'Send the quote', occurredAt: minus(DAY) },
        { activityId: 'a', text: 'Book a visit', occurredAt: minus(DAY) },
      ],
    ],
    [
      'a later activity wrapped up with a resolving code resolves them',
      [
        callView('b', minus(DAY), { status: 'missed', wrapupCode: 'Closed' }),
        callView('a', minus(2 * DAY), { summary: 's', nextSteps: ['Send the quote'] }),
      ],
      [],
    ],
    [
      'an earlier answered call summarised without next steps does not resolve them',
      [
        callView('b', minus(DAY), { summary: 's', nextSteps: ['Send the quote'] }),
        callView('a', minus(2 * DAY), { summary: 'done', nextSteps: [] }),
      ],
      [{ activityId: 'b', text: 'Send the quote', occurredAt: minus(DAY) }],
    ],
    ['next steps of a message are not requests', [{ ...callView('m', minus(DAY), { nextSteps: ['Reply'] }), kind: 'message' }], []],
  ])('from the views, newest first: %s', (_case, activities, expected) => {
    expect(openItems(activities)).toEqual(expected);
  });
});
