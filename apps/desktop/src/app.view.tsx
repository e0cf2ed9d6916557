import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Component, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { isProblem } from './api/api-problem.errors';
import { HttpDesktopApi } from './api/desktop-api.client';
import { type DesktopApi, DesktopApiContext, useDesktopApi } from './api/desktop-api.port';
import type { AgentProfile } from './api/desktop-api.types';
import { sessionTokenStore } from './auth/session-token.store';
import { SignInView } from './auth/sign-in.view';
import { decodeToken, isExpired, type TokenClaims } from './auth/token.rule';
import { readContactQuery, inboxCountry } from './contact/contact-query.rule';
import { ContactSearchView } from './contact/contact-search.view';
import { ContactView } from './contact/contact.view';
import { contactLink, readDeepLink, withoutToken } from './contact/deep-link.rule';
import { useTranslator } from './i18n/i18n';
import type { MessageKey } from './i18n/messages-en.lexicon';
import { problemMessage } from './problem-message.rule';

interface Signed {
  token: string;
  claims: TokenClaims;
}

const signedFrom = (token: string | undefined): Signed | undefined => {
  const claims = token ? decodeToken(token) : undefined;
  return token && claims ? { token, claims } : undefined;
};

/** The first state: a token in the URL fragment wins over the tab's stored one, and leaves the URL at once. */
const initialState = (): { signed?: Signed; reasonKey?: MessageKey; contact?: string; conversation?: string } => {
  const link = readDeepLink(window.location.search, window.location.hash);
  if (link.token !== undefined) {
    window.history.replaceState(null, '', withoutToken(window.location.pathname, window.location.search, window.location.hash));
  }
  const fromLink = signedFrom(link.token);
  if (fromLink) sessionTokenStore.write(fromLink.token);
  const signed = fromLink ?? signedFrom(sessionTokenStore.read());
  const expired = signed !== undefined && isExpired(signed.claims, Date.now());
  if (expired) sessionTokenStore.clear();
  return {
    ...(signed && !expired ? { signed } : {}),
    ...(expired
      ? { reasonKey: 'signIn.expired' as const }
      : link.token !== undefined && !fromLink
        ? { reasonKey: 'signIn.invalid' as const }
        : {}),
    ...(link.contact ? { contact: link.contact } : {}),
    ...(link.conversation ? { conversation: link.conversation } : {}),
  };
};

export interface AppProps {
  /** Component tests give a fake; the page builds the HTTP adapter for the signed-in token. */
  createApi?: (signed: { token: string; workspaceId: string; onUnauthenticated: () => void }) => DesktopApi;
}

/** The agent desktop: sign-in, then a contact search and the contact's view. */
export const App = ({ createApi }: AppProps) => {
  const [state, setState] = useState(initialState);
  const queryClient = useQueryClient();
  const signOut = useCallback(
    (reasonKey?: MessageKey) => {
      sessionTokenStore.clear();
      // The next agent on this tab must never see the previous one's data, even for a moment.
      queryClient.clear();
      setState((current) => ({ ...(current.contact ? { contact: current.contact } : {}), ...(reasonKey ? { reasonKey } : {}) }));
    },
    [queryClient],
  );
  useEffect(() => {
    const onPopState = () => {
      const link = readDeepLink(window.location.search, '');
      setState((current) => {
        const { contact: _contact, conversation: _conversation, ...rest } = current;
        return {
          ...rest,
          ...(link.contact ? { contact: link.contact } : {}),
          ...(link.conversation ? { conversation: link.conversation } : {}),
        };
      });
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  // Signed out when the token expires, rather than on the next refused request.
  const expiresAt = state.signed?.claims.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    let timer: ReturnType<typeof setTimeout>;
    // A timer waits at most 24.8 days: a longer token is checked again then, not signed out early.
    const check = () => {
      const left = expiresAt - Date.now();
      if (left <= 0) signOut('signIn.expired');
      else timer = setTimeout(check, Math.min(left, 2 ** 31 - 1));
    };
    check();
    return () => clearTimeout(timer);
  }, [expiresAt, signOut]);

  if (!state.signed) {
    return (
      <SignInView
        reasonKey={state.reasonKey}
        onSignIn={(token) => {
          const signed = signedFrom(token)!;
          sessionTokenStore.write(token);
          setState((current) => ({ ...(current.contact ? { contact: current.contact } : {}), signed }));
        }}
      />
    );
  }
  return (
    <SignedIn
      key={state.signed.token}
      signed={state.signed}
      createApi={createApi}
      contact={state.contact}
      conversation={state.conversation}
      onSignOut={signOut}
      onContact={(contact) => {
        window.history.pushState(null, '', contactLink(window.location.pathname, contact));
        setState((current) => {
          const { conversation: _conversation, ...rest } = current;
          return { ...rest, contact };
        });
      }}
    />
  );
};

interface SignedInProps {
  signed: Signed;
  createApi: AppProps['createApi'];
  contact?: string;
  conversation?: string;
  onSignOut: (reasonKey?: MessageKey) => void;
  onContact: (contact: string) => void;
}

const SignedIn = ({ signed, createApi, contact, conversation, onSignOut, onContact }: SignedInProps) => {
  const api = useMemo(() => {
    const options = { token: signed.token, workspaceId: signed.claims.workspaceId, onUnauthenticated: () => onSignOut('signIn.refused') };
    return createApi ? createApi(options) : new HttpDesktopApi(options);
    // The adapter is made once per token (SignedIn is keyed on it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signed.token]);
  return (
    <DesktopApiContext.Provider value={api}>
      <Desk
        workspaceId={signed.claims.workspaceId}
        userId={signed.claims.userId}
        contact={contact}
        conversation={conversation}
        onSignOut={onSignOut}
        onContact={onContact}
      />
    </DesktopApiContext.Provider>
  );
};

const Desk = ({
  workspaceId,
  userId,
  contact,
  conversation,
  onSignOut,
  onContact,
}: Omit<SignedInProps, 'signed' | 'createApi'> & { workspaceId: string; userId: string }) => {
  const translator = useTranslator();
  const { t } = translator;
  const api = useDesktopApi();
  const profile = useQuery({ queryKey: ['me', workspaceId, userId], queryFn: () => api.me(), staleTime: 60_000 });
  if (profile.isPending)
    return (
      <main id="main" className="loading" aria-busy="true">
        <p>{t('loading')}</p>
      </main>
    );
  // A failed background refresh keeps what is shown: only a first load that failed replaces the page.
  if (!profile.data) {
    const notConfigured = isProblem(profile.error, 'USER_NOT_CONFIGURED');
    return (
      <main id="main" className="sign-in">
        <div className="panel" role="alert">
          <p className="error">
            {notConfigured ? t('signIn.notConfigured', { workspace: workspaceId }) : problemMessage(translator, profile.error)}
          </p>
          <button type="button" className="secondary" onClick={() => void profile.refetch()}>
            {t('retry')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => onSignOut()}>
            {t('signIn.signOut')}
          </button>
        </div>
      </main>
    );
  }
  const me = profile.data;
  const country = inboxCountry(me.inboxes.map((inbox) => inbox.phoneNumber));
  const query = contact ? readContactQuery(contact, country) : undefined;
  // The URL names the contact as the API reads it: a link to it works for any agent, whatever their inboxes' country.
  const search = (typed: string) => {
    const typedQuery = readContactQuery(typed, country);
    if (typedQuery.kind !== 'empty') onContact(typedQuery.parameter);
  };
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top-bar">
        <p className="signed-in">
          <span className="visually-hidden">{t('signIn.signedInAs')} </span>
          <strong>{me.name}</strong> · {me.workspaceId} · {licenceText(t, me)}
        </p>
        <button type="button" className="secondary" onClick={() => onSignOut()}>
          {t('signIn.signOut')}
        </button>
      </header>
      <ContactSearchView initial={contact ?? ''} onSearch={search} />
      <main id="main" tabIndex={-1}>
        {query && query.kind !== 'empty' ? (
          <ContactView key={query.parameter} profile={me} contact={query.parameter} conversationFromLink={conversation} />
        ) : (
          <h1 className="visually-hidden">{t('app.title')}</h1>
        )}
      </main>
    </>
  );
};

const licenceText = (t: (key: MessageKey) => string, me: AgentProfile): string => {
  const names = me.licenses.map((licence) => (licence === 'ai_assist_pro' ? t('licence.ai_assist_pro') : licence));
  const role = me.role === 'admin' ? [t('role.admin')] : [];
  return [...role, ...(names.length > 0 ? names : [t('licence.none')])].join(' · ');
};

/** Keeps the whole page from going blank on a rendering error: the agent gets a message and a reload. */
export class ErrorBoundary extends Component<{ children: ReactNode; message: string; reload: string }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main id="main" className="sign-in">
        <div className="panel" role="alert">
          <p className="error">{this.props.message}</p>
          <button type="button" className="primary" onClick={() => window.location.reload()}>
            {this.props.reload}
          </button>
        </div>
      </main>
    );
  }
}
