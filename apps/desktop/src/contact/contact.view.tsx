import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { isProblem } from '../api/api-problem';
import { useDesktopApi } from '../api/desktop-api.port';
import type { AgentProfile, Insights, InsightsSource, SessionCard } from '../api/desktop-api.types';
import { useTranslator } from '../i18n/i18n';
import { generationConversation, mayBeOlder } from '../insights/insights-access.rule';
import { InsightsPanelView } from '../insights/insights-panel.view';
import { problemMessage } from '../problem-message';
import { sessionCardState } from '../sessions/session-card-state.rule';
import { SessionCardsView } from '../sessions/session-card.view';
import { interactionElementId, TimelineView } from '../timeline/timeline.view';
import { contactKeys, useContactUpdates } from './contact-updates.hook';

export interface ContactViewProps {
  profile: AgentProfile;
  /** The contact as the API reads `:contact` (E.164 phone, e-mail or contactId). */
  contact: string;
  /** The conversation the softphone named, if any: insights are generated from it. */
  conversationFromLink?: string;
}

/** A contact's page: live session cards and the insights panel beside the paged timeline (one column when narrow). */
export const ContactView = ({ profile, contact, conversationFromLink }: ContactViewProps) => {
  const api = useDesktopApi();
  const translator = useTranslator();
  const { t } = translator;
  const queryClient = useQueryClient();
  const keys = contactKeys(profile.workspaceId, contact);
  const [announcement, setAnnouncement] = useState<string>();
  const [highlighted, setHighlighted] = useState<string>();
  const [chipNotice, setChipNotice] = useState<string>();

  const sessions = useQuery({
    queryKey: keys.sessions,
    queryFn: () => api.sessions(contact),
    // Several servers share one database but only one projects: live cards are also refreshed now and then.
    refetchInterval: (query) => (query.state.data?.some((card) => card.colour === 'blue') ? 30_000 : false),
  });
  const timeline = useInfiniteQuery({
    queryKey: keys.timeline,
    queryFn: ({ pageParam }) => api.timeline(contact, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
  });
  const insights = useQuery({ queryKey: keys.insights, queryFn: () => api.insights(contact), retry: false });
  const generate = useMutation({
    mutationFn: (conversationId: string) => api.generate(contact, conversationId),
    onSuccess: (generated) => queryClient.setQueryData<Insights | null>(keys.insights, generated),
  });

  const onSessionChanged = useCallback(
    (card: SessionCard) => setAnnouncement(t('sessions.changed', { session: card.sessionId, tone: t(sessionCardState(card).toneKey) })),
    [t],
  );
  const live = useContactUpdates(profile.workspaceId, contact, onSessionChanged);

  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const conversationId = generationConversation(conversationFromLink, items);

  // A chip's interaction may be on a page not loaded yet: page on (newest first) until it appears or is passed.
  const [reveals, setReveals] = useState(0);
  const reveal = async (source: InsightsSource) => {
    setChipNotice(undefined);
    let pages = timeline.data?.pages ?? [];
    for (;;) {
      const loaded = pages.flatMap((page) => page.items);
      if (loaded.some((item) => item.interactionId === source.interactionId)) {
        setHighlighted(source.interactionId);
        setReveals((count) => count + 1);
        return;
      }
      if (pages.at(-1)?.nextCursor === undefined || !mayBeOlder(loaded, source.occurredAt)) break;
      const next = await timeline.fetchNextPage();
      if (next.isError || !next.data) break;
      pages = next.data.pages;
    }
    setHighlighted(undefined);
    setChipNotice(t('chip.notFound'));
  };
  useEffect(() => {
    if (!highlighted) return;
    const element = document.getElementById(interactionElementId(highlighted));
    element?.scrollIntoView?.({ block: 'center' });
    element?.focus({ preventScroll: true });
  }, [highlighted, reveals]);

  const invalid = [sessions.error, timeline.error, insights.error].find((error) => isProblem(error, 'INVALID_CONTACT'));
  if (invalid) {
    return (
      <p className="error" role="alert">
        {t('contact.invalid', { detail: isProblem(invalid) ? invalid.detail : '' })}
      </p>
    );
  }
  return (
    <div className="contact-view">
      <div className="contact-title">
        <h1 id="contact-heading">{t('contact.heading', { contact })}</h1>
        <span className={`live-state live-${live}`} role="status">
          {live === 'live'
            ? t('contact.live')
            : live === 'connecting'
              ? t('contact.connecting')
              : live === 'refused'
                ? ''
                : t('contact.reconnecting')}
        </span>
      </div>
      <div className="contact-columns">
        <div className="contact-side">
          {sessions.error ? (
            <ErrorNotice error={sessions.error} onRetry={() => void sessions.refetch()} />
          ) : (
            <SessionCardsView cards={sessions.data ?? []} announcement={announcement} />
          )}
          <InsightsPanelView
            profile={profile}
            insights={insights.data ?? undefined}
            loading={insights.isPending}
            loadError={insights.error}
            conversationId={conversationId}
            generating={generate.isPending}
            generateError={generate.error}
            onGenerate={(id) => generate.mutate(id)}
            onSelectSource={(source) => void reveal(source)}
            chipNotice={chipNotice}
          />
        </div>
        {timeline.error ? (
          <ErrorNotice error={timeline.error} onRetry={() => void timeline.refetch()} />
        ) : (
          <TimelineView
            items={items}
            highlighted={highlighted}
            hasMore={timeline.hasNextPage}
            loadingMore={timeline.isFetchingNextPage}
            onMore={() => void timeline.fetchNextPage()}
          />
        )}
      </div>
    </div>
  );
};

const ErrorNotice = ({ error, onRetry }: { error: unknown; onRetry: () => void }) => {
  const translator = useTranslator();
  return (
    <div className="panel" role="alert">
      <p className="error">{problemMessage(translator, error)}</p>
      <button type="button" className="secondary" onClick={onRetry}>
        {translator.t('retry')}
      </button>
    </div>
  );
};
