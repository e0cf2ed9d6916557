import { fixedClock } from '@app/clock';
import { ContactViews, InsightsReadModels, type TimelineItem } from '@app/insights';
import { makeEvent } from '../support/events';
import { appendAndProject, openReadSide, type ReadSide } from '../support/read-side';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const NOW = '2026-11-30T12:00:00.000Z';
const at = (minutesAgo: number) => new Date(Date.parse(NOW) - minutesAgo * 60_000).toISOString();

/** Messages of one contact in two inboxes, several at the same instant: the timeline pages must neither repeat nor skip any. */
function events() {
  const message = (id: string, minutesAgo: number, inboxId: string) =>
    makeEvent('message.received', id, {
      time: at(minutesAgo),
      data: { messageId: id, conversationId: `conv-${inboxId}`, inboxId, contact: { phone: '+33612345678' }, channel: 'sms', body: id },
    });
  return [
    makeEvent('inbox.configured', 'support', { time: at(600), data: { inboxId: 'support', name: 'Support' } }),
    makeEvent('user.configured', 'alice', { time: at(600), data: { userId: 'alice', name: 'Alice', licenses: [], inboxIds: ['support'] } }),
    message('m-a', 50, 'support'),
    message('m-b', 40, 'support'),
    message('m-c', 40, 'support'),
    message('m-d', 40, 'support'),
    message('m-hidden', 40, 'sales'),
    message('m-e', 30, 'sales'),
    message('m-f', 20, 'support'),
    message('m-g', 20, 'support'),
    message('m-h', 10, 'support'),
  ];
}

describe.each(TEST_ENGINES())('the contact timeline on the real stores (%s)', (engine) => {
  let store: TestStore;
  let side: ReadSide;
  let views: ContactViews;

  beforeAll(async () => {
    store = await createTestStore(engine);
    side = await openReadSide(store.url, NOW);
    await appendAndProject(side, events());
    views = new ContactViews(new InsightsReadModels(side.readModels), fixedClock(NOW));
  });
  afterAll(async () => {
    await side.close();
    await store.cleanup();
  });

  async function allPages(limit: number, before?: string): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await views.timeline({ workspaceId: 'ws-1', contact: '+33612345678', userId: 'alice', limit, before, cursor });
      pages.push(page.items.map((item: TimelineItem) => item.interactionId));
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages.length < 20);
    return pages;
  }

  // Newest first; equal times by id; the sales inbox is not Alice's.
  const visible = ['m-h', 'm-f', 'm-g', 'm-b', 'm-c', 'm-d', 'm-a'];

  it.each([1, 2, 3, 4, 100])('walks every visible interaction once with pages of %i', async (limit) => {
    const pages = await allPages(limit);
    expect(pages.flat()).toEqual(visible);
    expect(pages.every((page) => page.length <= limit)).toBe(true);
    expect(pages).toHaveLength(Math.ceil(visible.length / limit));
  });

  it('starts before an instant, excluding it', async () => {
    expect((await allPages(2, at(20))).flat()).toEqual(['m-b', 'm-c', 'm-d', 'm-a']);
  });

  it('names the inbox of each item', async () => {
    const page = await views.timeline({ workspaceId: 'ws-1', contact: '+33612345678', userId: 'alice', limit: 1 });
    expect(page.items[0]).toMatchObject({ interactionId: 'm-h', inboxId: 'support', inboxName: 'Support', excerpt: 'm-h' });
  });
});
