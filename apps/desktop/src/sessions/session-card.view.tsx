import type { SessionCard } from '../api/desktop-api.types';
import { useTranslator } from '../i18n/i18n';
import { Icon } from '../icons.view';
import { useEffect, useState } from 'react';
import { displayedDuration, sessionCardState } from './session-card-state.rule';

/** One session as SPEC "Agent sessions" draws it: colour and text label, direction, channel, duration, queue, agent, status. */
export const SessionCardView = ({ card, now }: { card: SessionCard; now?: number }) => {
  const translator = useTranslator();
  const { t } = translator;
  const state = sessionCardState(card);
  const status = state.statusKey ? t(state.statusKey) : state.statusText;
  const duration = displayedDuration(card, now);
  return (
    <article className={`session-card tone-${state.tone}`} aria-label={`${t(state.toneKey)}: ${t(`channel.${card.channelIcon}`)}`}>
      <header className="session-card-header">
        <span className="tone-label">{t(state.toneKey)}</span>
        <span className="session-channel">
          <Icon name={card.channelIcon} /> {t(`channel.${card.channelIcon}`)}
          {card.direction ? ` · ${t(`direction.${card.direction}`)}` : ''}
        </span>
      </header>
      <dl className="facts">
        {card.startedAt ? (
          <div>
            <dt>{t('sessions.started')}</dt>
            <dd>{translator.dateTime(card.startedAt)}</dd>
          </div>
        ) : null}
        {duration !== undefined ? (
          <div>
            <dt>{t('sessions.duration')}</dt>
            <dd>{translator.duration(duration)}</dd>
          </div>
        ) : null}
        {card.queue ? (
          <div>
            <dt>{t('sessions.queue')}</dt>
            <dd>{card.queue}</dd>
          </div>
        ) : null}
        {card.agent ? (
          <div>
            <dt>{t('sessions.agent')}</dt>
            <dd>{card.agent}</dd>
          </div>
        ) : null}
      </dl>
      <p className="session-status">{status}</p>
    </article>
  );
};

export const SESSION_CARD_LIMIT = 50;

/** The contact's sessions, newest first; changes that arrive live are announced to screen readers. */
export const SessionCardsView = ({ cards, announcement }: { cards: readonly SessionCard[] | undefined; announcement?: string }) => {
  const { t } = useTranslator();
  const now = useTicker(cards?.some((card) => card.colour === 'blue') ?? false);
  return (
    <section className="panel sessions" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('sessions.heading')}</h2>
      <p className="visually-hidden" aria-live="polite">
        {announcement ?? ''}
      </p>
      {cards === undefined ? (
        <p className="empty">{t('loading')}</p>
      ) : cards.length === 0 ? (
        <p className="empty">{t('sessions.none')}</p>
      ) : (
        // The list scrolls past a few rows: focusable, so it scrolls from the keyboard too.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <div className="session-cards-scroll" role="region" aria-labelledby="sessions-heading" tabIndex={0}>
          <ul className="session-cards">
            {cards.map((card) => (
              <li key={card.sessionId} data-session-id={card.sessionId}>
                <SessionCardView card={card} now={now} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {cards !== undefined && cards.length >= SESSION_CARD_LIMIT ? (
        <p className="note">{t('sessions.capped', { count: SESSION_CARD_LIMIT })}</p>
      ) : null}
    </section>
  );
};

/** The time, once a second while `ticking`: an active card's duration counts on (other cards do not read it). */
const useTicker = (ticking: boolean): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking]);
  return now;
};
