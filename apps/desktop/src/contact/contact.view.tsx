import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isProblem } from '../api/api-problem.errors';
import { useDesktopApi } from '../api/desktop-api.port';
import type { AgentProfile, Insights, InsightsSource, SessionCard } from '../api/desktop-api.types';
import { useTranslator } from '../i18n/i18n';
import { generationConversation, mayBeOlder } from '../insights/insights-access.rule';
import { InsightsPanelView } from '../insights/insights-panel.view';
import { problemMessage } from '../problem-message.rule';
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
  const keys = contactKeys(profile.workspaceId, profile.userId, contact);
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
    // A read still in flight (an `interaction` update's refetch) must not land over what is generated now.
    onMutate: () => queryClient.cancelQueries({ queryKey: keys.insights }),
    onSuccess: (generated) => queryClient.setQueryData<Insights | null>(keys.insights, generated),
  });

  const onSessionChanged = useCallback(
    (card: SessionCard) =>
      setAnnouncement(
        t('sessions.changed', {
          channel: t(`channel.${card.channelIcon}`),
          queue: card.queue ?? '',
          tone: t(sessionCardState(card).toneKey),
        }),
      ),
    [t],
  );
  const live = useContactUpdates(keys, contact, onSessionChanged);

  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const conversationId = generationConversation(conversationFromLink, items);

  // A chip's interaction may be on a page not loaded yet: page on (newest first) until it appears or is passed.
  // Only the last chip clicked acts: an earlier one still paging gives up rather than take the focus back.
  // Opening a contact moves the focus to its heading, where a screen reader starts reading the new view.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const [reveals, setReveals] = useState(0);
  const latestReveal = useRef(0);
  const reveal = async (source: InsightsSource) => {
    const mine = ++latestReveal.current;
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
      // Not at the cost of a refetch in flight (new interactions would never show).
      const next = await timeline.fetchNextPage({ cancelRefetch: false });
      if (mine !== latestReveal.current) return;
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
        {t('contact.invalid')}
      </p>
    );
  }
  return (
    <div className="contact-view">
      <div className="contact-title">
        <h1 id="contact-heading" tabIndex={-1} ref={heading}>
          {t('contact.heading', { contact })}
        </h1>
        <span className={`live-state live-${live}`} role="status">
          {live === 'live'
            ? t('contact.live')
            : live === 'connecting'
              ? t('contact.connecting')
              : live === 'refused'
                ? t('contact.liveRefused')
                : t('contact.reconnecting')}
        </span>
      </div>
      <div className="contact-columns">
        <div className="contact-side">
          {sessions.data === undefined && sessions.error ? (
            <ErrorNotice error={sessions.error} onRetry={() => void sessions.refetch()} />
          ) : (
            <SessionCardsView cards={sessions.data} announcement={announcement} />
          )}
          <InsightsPanelView
            profile={profile}
            insights={insights.data ?? undefined}
            loading={insights.isPending}
            loadError={insights.error}
            conversationId={conversationId}
            conversationPending={timeline.isPending && conversationFromLink === undefined}
            generating={generate.isPending}
            generateError={generate.error}
            onGenerate={(id) => generate.mutate(id)}
            onSelectSource={(source) => void reveal(source)}
            chipNotice={chipNotice}
          />
        </div>
        {timeline.data === undefined && timeline.error ? (
          <ErrorNotice error={timeline.error} onRetry={() => void timeline.refetch()} />
        ) : (
          <TimelineView
            items={timeline.data === undefined ? undefined : items}
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
