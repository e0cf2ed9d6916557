import type { TimelineItem } from '../api/desktop-api.types';
import { useTranslator } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages-en.lexicon';
import { Icon, iconOf } from '../icons.view';

export const interactionElementId = (interactionId: string): string => `interaction-${interactionId}`;

export interface TimelineViewProps {
  /** Undefined while the first page loads. */
  items: readonly TimelineItem[] | undefined;
  highlighted?: string;
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
}

/** The contact's interactions across the inboxes the agent may see, newest first, paged. */
export const TimelineView = ({ items, highlighted, hasMore, loadingMore, onMore }: TimelineViewProps) => {
  const translator = useTranslator();
  const { t } = translator;
  return (
    <section className="panel timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('timeline.heading')}</h2>
      {items === undefined ? (
        <p className="empty">{t('loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('timeline.none')}</p>
      ) : (
        <ol className="timeline-items">
          {items.map((item) => {
            const channel = (item.channel ? `channel.${item.channel}` : `kind.${item.kind}`) as MessageKey;
            const handler = item.handledBy
              ? (item.handledBy.name ?? (item.handledBy.kind === 'ai_agent' ? t('timeline.aiAgent') : item.handledBy.id))
              : undefined;
            return (
              <li
                key={item.interactionId}
                id={interactionElementId(item.interactionId)}
                tabIndex={-1}
                className={item.interactionId === highlighted ? 'timeline-item highlighted' : 'timeline-item'}
                {...(item.interactionId === highlighted ? { 'aria-current': 'true' as const } : {})}
              >
                <div className="timeline-item-header">
                  <span className="timeline-kind">
                    <Icon name={iconOf(item.kind === 'call' || item.kind === 'voicemail' ? item.kind : item.channel)} />{' '}
                    {t(`kind.${item.kind}`)}
                    {item.kind === 'message' && item.channel ? ` · ${t(channel)}` : ''}
                    {item.direction ? ` · ${t(`direction.${item.direction}`)}` : ''}
                  </span>
                  <time dateTime={item.occurredAt}>{translator.dateTime(item.occurredAt)}</time>
                </div>
                <p className="timeline-meta">
                  {t('timeline.inbox', { name: item.inboxName ?? item.inboxId })}
                  {item.durationSeconds !== undefined ? ` · ${translator.duration(item.durationSeconds)}` : ''}
                  {handler ? ` · ${t('timeline.handledBy', { name: handler })}` : ''}
                </p>
                {item.summary || item.excerpt ? <p className="timeline-text">{item.summary ?? item.excerpt}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
      {hasMore ? (
        <button type="button" className="secondary" onClick={onMore} disabled={loadingMore}>
          {t('timeline.more')}
        </button>
      ) : items !== undefined && items.length > 0 ? (
        <p className="note">{t('timeline.end')}</p>
      ) : null}
    </section>
  );
};
