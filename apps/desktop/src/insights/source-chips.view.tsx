import type { AgentProfile, InsightsSource } from '../api/desktop-api.types';
import { useTranslator } from '../i18n/i18n';
import { Icon, iconOf } from '../icons.view';
import { sourceChips } from './insights-access.rule';

export interface SourceChipsProps {
  sourceIds: readonly string[];
  sources: readonly InsightsSource[];
  profile: Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'>;
  onSelect: (source: InsightsSource) => void;
}

/** The interactions a statement came from: each chip scrolls to and highlights its interaction in the timeline. */
export const SourceChipsView = ({ sourceIds, sources, profile, onSelect }: SourceChipsProps) => {
  const translator = useTranslator();
  const { t } = translator;
  const chips = sourceChips(sourceIds, sources, profile);
  if (chips.length === 0) return null;
  return (
    <ul className="source-chips" aria-label={t('insights.sources')}>
      {chips.map((chip) => {
        const label = chip.source
          ? t('chip.label', { channel: t(`channel.${chip.source.channel}`), when: translator.dateTime(chip.source.occurredAt) })
          : chip.interactionId;
        return (
          <li key={chip.interactionId}>
            <button
              type="button"
              className="source-chip"
              disabled={!chip.reachable}
              title={chip.reachable ? undefined : t('chip.notVisible')}
              onClick={() => chip.source && onSelect(chip.source)}
            >
              <Icon name={iconOf(chip.source?.channel)} /> {label}
              {chip.reachable ? null : <span className="visually-hidden"> ({t('chip.notVisible')})</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
};
