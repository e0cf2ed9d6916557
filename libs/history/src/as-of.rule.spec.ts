import type { HistoryActivity } from './history.types';
import type { ActivityDocument, ConversationDocument } from './read-model.types';
import { AT, call, DAY, history, minus } from './testing/history-inputs.fixtures';

describe('as of `at`', () => {
  const later = new Date(Date.parse(AT) + 60_000).toISOString();
  it.each<[string, Partial<ActivityDocument>, string | undefined, Partial<HistoryActivity>]>([
    [
      'all known at `at`',
      { summarisedAt: minus(DAY), transcribedAt: minus(DAY) },
      minus(DAY),
      { summary: 'S', transcriptExcerpt: 'T', wrapupCode: 'resolved' },
    ],
    [
      'a summary produced after `at`',
      { summarisedAt: later, transcribedAt: minus(DAY) },
      minus(DAY),
      { summary: undefined, nextSteps: [], transcriptExcerpt: 'T' },
    ],
    [
      'a transcript produced after `at`',
      { summarisedAt: minus(DAY), transcribedAt: later },
      minus(DAY),
      { summary: 'S', transcriptExcerpt: undefined },
    ],
    [
      'a wrap-up code assigned after `at`',
      { summarisedAt: minus(DAY), transcribedAt: minus(DAY) },
      later,
      { summary: 'S', wrapupCode: undefined },
    ],
  ])('answers as of `at`: %s', (_case, times, wrapupAssignedAt, expected) => {
    const activity = call('a', minus(2 * DAY), { summary: 'S', nextSteps: ['Call back'], transcriptExcerpt: 'T', ...times });
    const conversations: ConversationDocument[] =
      wrapupAssignedAt === undefined
        ? []
        : [
            {
              workspaceId: 'ws-1',
              conversationId: 'conv-a',
              wrapup: { code: 'resolved', label: 'Resolved', assignedAt: wrapupAssignedAt },
            },
          ];
    const view = history([activity], conversations).activities[0] as unknown as Record<string, unknown>;
    // Hidden facts are absent from the view: compare field by field, undefined included.
    for (const [field, value] of Object.entries(expected)) expect([field, view[field]]).toEqual([field, value]);
  });
});
