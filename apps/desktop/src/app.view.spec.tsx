import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { App, ErrorBoundary } from './app.view';
import type { DesktopApi, UpdateHandlers } from './api/desktop-api.port';
import type { AgentProfile } from './api/desktop-api.types';
import { type Language, translate, translator, TranslatorContext } from './i18n/i18n';

// jsdom under Jest has no TextEncoder/TextDecoder (every browser has them), and decodeToken needs one: Node's are the same WHATWG classes.
Object.assign(globalThis, jest.requireActual<Pick<typeof globalThis, 'TextEncoder' | 'TextDecoder'>>('node:util'));

const base64Url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const jwtOf = (payload: object): string => `${base64Url('{"alg":"HS256","typ":"JWT"}')}.${base64Url(JSON.stringify(payload))}.c2lnbmF0dXJl`;

const profile: AgentProfile = {
  workspaceId: 'acme',
  userId: 'u-1',
  name: 'Alice Martin',
  role: 'agent',
  licenses: ['ai_assist_pro'],
  inboxes: [{ inboxId: 'sales', name: 'Sales', phoneNumber: '+33140000000' }],
  seesEveryInbox: false,
  insightsEnabled: true,
  canGenerateInsights: true,
};

const fakeApi = (me: AgentProfile = profile) =>
  ({
    me: jest.fn(async () => me),
    sessions: jest.fn(async (_contact: string) => []),
    timeline: jest.fn(async (_contact: string, _cursor?: string) => ({ items: [] })),
    insights: jest.fn(async (_contact: string) => null),
    generate: jest.fn(async (_contact: string, _conversationId: string) => Promise.reject(new Error('not in this test'))),
    updates: jest.fn((_contact: string, _handlers: UpdateHandlers, _signal: AbortSignal) => undefined),
  }) satisfies DesktopApi;

let queryClient: QueryClient;
beforeEach(() => {
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  sessionStorage.clear();
});
afterEach(() => {
  queryClient.clear();
  window.history.replaceState(null, '', '/');
});

/** Opens the page at `url`, as a softphone's link would. */
const openApp = (url: string, api = fakeApi(), language: Language = 'en') => {
  window.history.replaceState(null, '', url);
  const createApi = jest.fn((_signed: { token: string; workspaceId: string; onUnauthenticated: () => void }) => api);
  const { unmount } = render(
    <TranslatorContext.Provider value={translator(language, 'UTC')}>
      <QueryClientProvider client={queryClient}>
        <App createApi={createApi} />
      </QueryClientProvider>
    </TranslatorContext.Provider>,
  );
  return { api, createApi, unmount };
};

describe('ErrorBoundary', () => {
  const Broken = (): React.ReactElement => {
    throw new Error('a rendering bug');
  };

  it('a child that throws leaves a message and a reload button, not a blank page', () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      render(
        <ErrorBoundary message={translate('fr', 'app.error')} reload={translate('fr', 'app.reload')}>
          <Broken />
        </ErrorBoundary>,
      );
      expect(screen.getByRole('alert').textContent).toContain('Un problème est survenu sur cette page.');
      expect(screen.getByRole('button', { name: 'Recharger' })).toBeTruthy();
      expect(document.body.textContent).not.toBe('');
    } finally {
      consoleError.mockRestore();
    }
  });

  it('children that render are shown as they are', () => {
    render(
      <ErrorBoundary message="broken" reload="reload">
        <p>fine</p>
      </ErrorBoundary>,
    );
    expect(screen.getByText('fine')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('App', () => {
  it('signs in from the token in the URL fragment, shows the agent, and takes the token out of the URL', async () => {
    const token = jwtOf({ sub: 'u-1', ws: 'acme', exp: Math.floor(Date.now() / 1000) + 3600 });
    const { createApi, api } = openApp(`/#token=${token}`);

    const signedIn = await screen.findByText('Alice Martin');
    expect(signedIn.closest('p')?.textContent).toBe('Signed in as Alice Martin · acme · AI Assist Pro');
    expect(createApi).toHaveBeenCalledWith(expect.objectContaining({ token, workspaceId: 'acme' }));
    expect(api.me).toHaveBeenCalledTimes(1);
    expect(window.location.href).not.toContain('token');
    expect(window.location.hash).toBe('');
    // The token stays in this tab only.
    expect(Object.values(sessionStorage)).toEqual([token]);
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it("keeps the other parts of the URL and opens the softphone's contact, its + kept", async () => {
    const token = jwtOf({ sub: 'u-1', ws: 'acme' });
    const { api } = openApp(`/?contact=+33612340000&conversation=conv-1#token=${token}&tab=2`);
    expect(await screen.findByRole('heading', { name: 'Contact +33612340000' })).toBeTruthy();
    expect(`${window.location.pathname}${window.location.search}${window.location.hash}`).toBe(
      '/?contact=+33612340000&conversation=conv-1#tab=2',
    );
    await waitFor(() => expect(api.sessions).toHaveBeenCalledWith('+33612340000'));
  });

  it('names an administrator and an agent without licence', async () => {
    openApp(`/#token=${jwtOf({ sub: 'u-2', ws: 'acme' })}`, fakeApi({ ...profile, name: 'Bob', role: 'admin', licenses: [] }));
    expect((await screen.findByText('Bob')).closest('p')?.textContent).toBe('Signed in as Bob · acme · administrator · No licence');
  });

  it('an invalid token shows the sign-in form with the invalid message', async () => {
    const { createApi } = openApp('/?contact=c-42#token=not-a-token');
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('This is not an agent token.');
    expect(screen.getByLabelText('Agent token')).toBeTruthy();
    expect(createApi).not.toHaveBeenCalled();
    expect(window.location.href).not.toContain('token=');
    expect(window.location.search).toBe('?contact=c-42');
    expect(sessionStorage.length).toBe(0);
  });

  it('an expired token shows the sign-in form with the expired message', async () => {
    const { createApi } = openApp(`/#token=${jwtOf({ sub: 'u-1', ws: 'acme', exp: Math.floor(Date.now() / 1000) - 60 })}`, fakeApi(), 'fr');
    expect(screen.getByRole('alert').textContent).toBe('Votre session a expiré : reconnectez-vous.');
    expect(createApi).not.toHaveBeenCalled();
    expect(sessionStorage.length).toBe(0);
  });

  it("signs in again from the tab's stored token when the URL has none", async () => {
    const token = jwtOf({ sub: 'u-1', ws: 'acme' });
    const first = openApp(`/#token=${token}`);
    await screen.findByText('Alice Martin');
    first.unmount();
    queryClient.clear();

    const { createApi } = openApp('/');
    expect(await screen.findByText('Alice Martin')).toBeTruthy();
    expect(createApi).toHaveBeenCalledWith(expect.objectContaining({ token }));
  });
});
