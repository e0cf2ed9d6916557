import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiProblem } from '../api/api-problem.errors';
import { type DesktopApi, DesktopApiContext, type UpdateHandlers } from '../api/desktop-api.port';
import type { AgentProfile, Insights, SessionCard, TimelineItem, TimelinePage } from '../api/desktop-api.types';
import { translator, TranslatorContext } from '../i18n/i18n';
import { ContactView } from './contact.view';

const CONTACT = '+33612340000';

const profile: AgentProfile = {
  workspaceId: 'acme',
  userId: 'u-1',
  name: 'Alice Martin',
  role: 'agent',
  licenses: ['ai_assist_pro'],
  inboxes: [{ inboxId: 'sales', name: 'Sales' }],
  seesEveryInbox: false,
  insightsEnabled: true,
  canGenerateInsights: true,
};

const liveCard: SessionCard = {
  sessionId: 's-1',
  startedAt: '2026-03-03T10:00:00Z',
  conversationId: 'conv-new',
  inboxId: 'sales',
  colour: 'blue',
  channelIcon: 'call',
  queue: 'Support FR',
  agent: 'Alice Martin',
  status: 'connected',
};

const item = (interactionId: string, occurredAt: string, summary: string): TimelineItem => ({
  interactionId,
  kind: 'message',
  channel: 'sms',
  occurredAt,
  inboxId: 'sales',
  inboxName: 'Sales',
  conversationId: `conv-${interactionId}`,
  summary,
});
const newer = item('i-new', '2026-03-03T10:00:00Z', 'Where is my parcel?');
const older = item('i-old', '2026-01-15T10:00:00Z', 'I ordered a parcel.');

const insights: Insights = {
  workspaceId: 'acme',
  contact: { phones: [CONTACT], emails: [] },
  generatedAt: '2026-03-03T11:00:00Z',
  generatedBy: { userId: 'u-1', name: 'Alice Martin' },
  conversationId: 'conv-i-new',
  scope: 'visible',
  language: 'en',
  generator: { kind: 'builtin' },
  facts: {
    lastInteraction: { interactionId: 'i-new', occurredAt: newer.occurredAt, channel: 'sms' },
    interactionCount: 2,
    byChannel: { call: 0, voicemail: 0, sms: 2, whatsapp: 0 },
    period: { from: older.occurredAt, to: newer.occurredAt },
  },
  topics: [],
  summary: [{ text: 'The customer ordered a parcel in January.', sources: ['i-old'] }],
  nextStep: null,
  sources: [{ interactionId: 'i-old', kind: 'message', channel: 'sms', occurredAt: older.occurredAt, inboxId: 'sales' }],
  stale: false,
  newerInteractions: 0,
};

/** A DesktopApi whose answers the test sets, and whose live stream the test drives through the captured handlers. */
const fakeApi = () => {
  const streams: { handlers: UpdateHandlers; signal: AbortSignal }[] = [];
  const pages: Record<string, TimelinePage> = { first: { items: [newer], nextCursor: 'cursor-2' }, 'cursor-2': { items: [older] } };
  const api = {
    me: jest.fn(async () => profile),
    sessions: jest.fn(async (_contact: string): Promise<SessionCard[]> => [liveCard]),
    timeline: jest.fn(async (_contact: string, cursor?: string): Promise<TimelinePage> => pages[cursor ?? 'first']),
    insights: jest.fn(async (_contact: string): Promise<Insights | null> => insights),
    generate: jest.fn(async (_contact: string, _conversationId: string): Promise<Insights> => insights),
    updates: jest.fn((_contact: string, handlers: UpdateHandlers, signal: AbortSignal) => {
      streams.push({ handlers, signal });
    }),
  } satisfies DesktopApi;
  /** The handlers of the stream the view opened last. */
  const stream = (): UpdateHandlers => {
    expect(streams.length).toBeGreaterThan(0);
    return streams.at(-1)!.handlers;
  };
  return { api, streams, stream };
};

let queryClient: QueryClient;
beforeEach(() => {
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
});
afterEach(() => queryClient.clear());

const renderContact = (api: DesktopApi, conversationFromLink?: string) =>
  render(
    <TranslatorContext.Provider value={translator('en', 'UTC')}>
      <QueryClientProvider client={queryClient}>
        <DesktopApiContext.Provider value={api}>
          <ContactView profile={profile} contact={CONTACT} conversationFromLink={conversationFromLink} />
        </DesktopApiContext.Provider>
      </QueryClientProvider>
    </TranslatorContext.Provider>,
  );

describe('ContactView', () => {
  it('asks for the contact as given and follows its live updates', async () => {
    const { api, streams } = fakeApi();
    renderContact(api);
    expect(await screen.findByRole('heading', { name: `Contact ${CONTACT}` })).toBeTruthy();
    await screen.findByRole('article', { name: 'Active: Call' });
    expect(api.sessions).toHaveBeenCalledWith(CONTACT);
    expect(api.timeline).toHaveBeenCalledWith(CONTACT, undefined);
    expect(api.insights).toHaveBeenCalledWith(CONTACT);
    expect(api.updates).toHaveBeenCalledTimes(1);
    expect(api.updates.mock.calls[0][0]).toBe(CONTACT);
    expect(streams[0].signal.aborted).toBe(false);
  });

  it('a session update turns the blue card into a white "Abandoned" card without a refetch', async () => {
    const { api, stream } = fakeApi();
    renderContact(api);
    const active = await screen.findByRole('article', { name: 'Active: Call' });
    expect(active.querySelector('.session-status')?.textContent).toBe('Connected');

    act(() =>
      stream().onUpdate({ type: 'session', card: { ...liveCard, colour: 'white', status: 'abandoned', endedAt: '2026-03-03T10:05:00Z' } }),
    );

    // Put in place once a read in flight is cancelled: the stream's card wins over an older snapshot.
    const abandoned = await screen.findByRole('article', { name: 'Abandoned: Call' });
    expect(abandoned.querySelector('.tone-label')?.textContent).toBe('Abandoned');
    expect(abandoned.querySelector('.session-status')?.textContent).toBe('Ended by the customer');
    expect(screen.queryByRole('article', { name: 'Active: Call' })).toBeNull();
    expect(screen.getAllByRole('article')).toHaveLength(1);
    expect(document.querySelector('.sessions [aria-live="polite"]')?.textContent).toBe('Session Call: Abandoned.');
    expect(api.sessions).toHaveBeenCalledTimes(1);
  });

  it('a session update for a new session puts its card first', async () => {
    const { api, stream } = fakeApi();
    renderContact(api);
    await screen.findByRole('article', { name: 'Active: Call' });
    act(() =>
      stream().onUpdate({
        type: 'session',
        card: { ...liveCard, sessionId: 's-2', startedAt: '2026-03-04T09:00:00Z', channelIcon: 'chat', status: 'waiting' },
      }),
    );
    await waitFor(() =>
      expect(screen.getAllByRole('article').map((article) => article.getAttribute('aria-label'))).toEqual(['Active: Chat', 'Active: Call']),
    );
  });

  it('an interaction update refetches the insights and the timeline', async () => {
    const { api, stream } = fakeApi();
    renderContact(api);
    await screen.findByText('The customer ordered a parcel in January.');
    expect(api.insights).toHaveBeenCalledTimes(1);
    const timelineCalls = api.timeline.mock.calls.length;
    api.insights.mockResolvedValue({ ...insights, stale: true, newerInteractions: 1 });

    act(() => stream().onUpdate({ type: 'interaction', interactionId: 'i-newest', inboxId: 'sales', occurredAt: '2026-03-05T10:00:00Z' }));

    await waitFor(() => expect(api.insights).toHaveBeenCalledTimes(2));
    expect(api.timeline.mock.calls.length).toBeGreaterThan(timelineCalls);
    expect((await screen.findByText('1 newer interaction')).className).toBe('stale-badge');
    expect(api.sessions).toHaveBeenCalledTimes(1);
  });

  it('says when it is live; every connection refetches what may have been missed', async () => {
    const { api, stream } = fakeApi();
    renderContact(api);
    await screen.findByRole('article', { name: 'Active: Call' });
    expect(screen.getByText('Connecting…')).toBeTruthy();

    // Even the first: an event committed between the first reads and the stream's start is read again.
    act(() => stream().onConnected());
    expect(screen.getByText('Live')).toBeTruthy();
    await waitFor(() => expect(api.sessions).toHaveBeenCalledTimes(2));

    act(() => stream().onDisconnected());
    expect(screen.getByText('Reconnecting…')).toBeTruthy();
    act(() => stream().onConnected());
    await waitFor(() => expect(api.sessions).toHaveBeenCalledTimes(3));
    expect(api.insights).toHaveBeenCalledTimes(3);

    act(() => stream().onRefused(new ApiProblem(403, 'CONTACT_NOT_VISIBLE', '')));
    expect(screen.queryByText('Live')).toBeNull();
    expect(screen.getByText('Live updates unavailable')).toBeTruthy();
  });

  it('a source chip whose interaction is on the next timeline page fetches that page and marks the interaction', async () => {
    const { api } = fakeApi();
    renderContact(api);
    await screen.findByText('Where is my parcel?');
    expect(screen.queryByText('I ordered a parcel.')).toBeNull();
    const statement = (await screen.findByText('The customer ordered a parcel in January.')).closest('li')!;

    await userEvent.setup().click(within(statement).getByRole('button', { name: /^SMS, Jan 15, 2026/ }));

    const revealed = await screen.findByText('I ordered a parcel.');
    const entry = revealed.closest('li')!;
    await waitFor(() => expect(entry.getAttribute('aria-current')).toBe('true'));
    expect(api.timeline).toHaveBeenLastCalledWith(CONTACT, 'cursor-2');
    expect(entry.id).toBe('interaction-i-old');
    expect(document.activeElement).toBe(entry);
    expect(screen.getByText('Where is my parcel?').closest('li')!.getAttribute('aria-current')).toBeNull();
  });

  it('a chip whose interaction is no longer in the timeline says so', async () => {
    const { api } = fakeApi();
    api.timeline.mockResolvedValue({ items: [newer] });
    renderContact(api);
    const statement = (await screen.findByText('The customer ordered a parcel in January.')).closest('li')!;
    await screen.findByText('Where is my parcel?');
    await userEvent.setup().click(within(statement).getByRole('button', { name: /^SMS/ }));
    expect(await screen.findByText('This interaction is no longer in the timeline.')).toBeTruthy();
    expect(document.querySelector('[aria-current]')).toBeNull();
  });

  it('generates from the conversation of the deep link', async () => {
    const { api } = fakeApi();
    api.insights.mockResolvedValue(null);
    renderContact(api, 'conv-link');
    await screen.findByText('No insights for this contact yet.');
    await screen.findByText('Where is my parcel?');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Generate insights' }));
    await waitFor(() => expect(api.generate).toHaveBeenCalledWith(CONTACT, 'conv-link'));
    expect(await screen.findByText('The customer ordered a parcel in January.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Generate new insights' })).toBeTruthy();
  });

  it('a contact the server refuses as invalid says so, in the language of the page', async () => {
    const invalid = new ApiProblem(400, 'INVALID_CONTACT', '"+1 2" is not a phone number in international format');
    const { api } = fakeApi();
    api.sessions.mockRejectedValue(invalid);
    renderContact(api);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This is not a phone number, an e-mail address or a contact ID the server accepts.',
    );
  });

  it('stops following the updates when it leaves the page', async () => {
    const { api, streams } = fakeApi();
    const { unmount } = renderContact(api);
    await screen.findByRole('article', { name: 'Active: Call' });
    unmount();
    expect(streams.map(({ signal }) => signal.aborted)).toEqual([true]);
  });
});
