import type { InboxDocument } from './read-model.types';
import { AT, call, DAY, history, minus } from './testing/history-inputs.fixtures';

describe('history response', () => {
  it('answers empty with a reason when the inbox has history disabled', () => {
    const inbox: InboxDocument = {
      workspaceId: 'ws-1',
      inboxId: 'inbox-1',
      name: 'x',
      phoneNumber: '+33170000000',
      language: 'fr-FR',
      historyEnabled: false,
      configuredAt: AT,
    };
    expect(history([call('a', minus(DAY))], [], inbox)).toMatchObject({
      available: false,
      unavailableReason: 'history is disabled for this inbox',
      activities: [],
    });
  });

  it('shows the wrap-up code of the conversation, the last summary and the facts already given', () => {
    const result = history(
      [
        call('old', minus(5 * DAY), {
          summary: 'Old',
          jobs: [{ jobId: 'j', name: 'Id', outcome: 'done', collected: { customerNumber: '111', city: 'Lyon' } }],
        }),
        call('new', minus(DAY), {
          summary: 'New',
          jobs: [{ jobId: 'j', name: 'Id', outcome: 'done', collected: { customerNumber: '222' } }],
        }),
        call('latest', minus(3_600_000)),
      ],
      [{ workspaceId: 'ws-1', conversationId: 'conv-new', wrapup: { code: 'callback', label: 'Call back', assignedAt: AT } }],
    );
    expect(result.activities[1]).toMatchObject({ id: 'new', wrapupCode: 'callback', wrapupLabel: 'Call back' });
    expect(result.lastSummary).toEqual({ activityId: 'new', summary: 'New', occurredAt: minus(DAY) });
    expect(result.knownFacts).toEqual([
      { field: 'customerNumber', value: '222', activityId: 'new', collectedAt: minus(DAY) },
      { field: 'city', value: 'Lyon', activityId: 'old', collectedAt: minus(5 * DAY) },
    ]);
  });
});
