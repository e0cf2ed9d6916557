import type { AgentProfile, Insights, InsightsSource, SourcedStatement } from '../api/desktop-api.types';
import { isProblem } from '../api/api-problem.errors';
import { useTranslator } from '../i18n/i18n';
import { problemMessage } from '../problem-message.rule';
import { generateButton } from './insights-access.rule';
import { SourceChipsView } from './source-chips.view';

export interface InsightsPanelProps {
  profile: AgentProfile;
  insights: Insights | undefined;
  loading: boolean;
  loadError: unknown;
  conversationId: string | undefined;
  /** The timeline that names the conversation is still loading: no reason to give yet. */
  conversationPending?: boolean;
  generating: boolean;
  generateError: unknown;
  onGenerate: (conversationId: string) => void;
  onSelectSource: (source: InsightsSource) => void;
  /** A note about the last chip clicked (its interaction could not be found). */
  chipNotice?: string;
}

const Statement = ({ statement, panel }: { statement: SourcedStatement; panel: InsightsPanelProps }) => (
  <li className="statement">
    <p lang={panel.insights?.language}>{statement.text}</p>
    <SourceChipsView
      sourceIds={statement.sources}
      sources={panel.insights?.sources ?? []}
      profile={panel.profile}
      onSelect={panel.onSelectSource}
    />
  </li>
);

/** "Generate insights" and what it produced: facts, topics, summary and next step, each with its sources. */
export const InsightsPanelView = (panel: InsightsPanelProps) => {
  const translator = useTranslator();
  const { t } = translator;
  const { insights, profile } = panel;
  const button = generateButton(profile, insights !== undefined, panel.conversationId);
  const reasonKey = panel.conversationPending && button.reasonKey === 'insights.unavailable.noConversation' ? undefined : button.reasonKey;
  const notVisible = isProblem(panel.loadError, 'CONTACT_NOT_VISIBLE');
  const disabledByServer = isProblem(panel.loadError, 'INSIGHTS_DISABLED');
  return (
    <section className="panel insights" aria-labelledby="insights-heading" aria-busy={panel.loading || panel.generating}>
      <div className="insights-header">
        <h2 id="insights-heading">{t('insights.heading')}</h2>
        <span aria-live="polite">
          {insights?.stale ? <span className="stale-badge">{t('insights.stale', { count: insights.newerInteractions })}</span> : null}
        </span>
      </div>
      <div className="generate">
        <button
          type="button"
          className="primary"
          disabled={!button.enabled}
          // Busy, not disabled: a disabled button would drop the keyboard focus while it generates.
          aria-disabled={panel.generating || undefined}
          aria-describedby={reasonKey ? 'generate-reason' : undefined}
          onClick={() => !panel.generating && panel.conversationId && panel.onGenerate(panel.conversationId)}
        >
          {panel.generating ? t('insights.generating') : t(button.labelKey)}
        </button>
        {reasonKey ? (
          <p id="generate-reason" className="reason">
            {t(reasonKey)}
          </p>
        ) : null}
      </div>
      {panel.generateError ? (
        <p className="error" role="alert">
          {problemMessage(translator, panel.generateError)}
        </p>
      ) : null}
      {/* Mounted before it speaks: a status region added with its text is often not announced. */}
      <p className="note" role="status">
        {panel.chipNotice ?? ''}
      </p>
      {notVisible ? <p className="empty">{t('contact.notVisible')}</p> : null}
      {panel.loadError && !notVisible && !disabledByServer ? (
        <p className="error" role="alert">
          {problemMessage(translator, panel.loadError)}
        </p>
      ) : null}
      {!insights && !panel.loading && !panel.loadError ? <p className="empty">{t('insights.none')}</p> : null}
      {insights ? <InsightsBody panel={panel} insights={insights} /> : null}
    </section>
  );
};

const InsightsBody = ({ panel, insights }: { panel: InsightsPanelProps; insights: Insights }) => {
  const translator = useTranslator();
  const { t } = translator;
  const last = insights.facts.lastInteraction;
  return (
    <div className="insights-body">
      <h3>{t('insights.facts')}</h3>
      <dl className="facts">
        <div>
          <dt>{t('insights.lastInteraction')}</dt>
          <dd>
            {t(`channel.${last.channel}` as 'channel.call')}
            {last.direction === 'inbound' || last.direction === 'outbound' ? ` · ${t(`direction.${last.direction}`)}` : ''}
            {' · '}
            {translator.dateTime(last.occurredAt)}
            {last.handledBy ? ` · ${t('timeline.handledBy', { name: last.handledBy.name ?? last.handledBy.id })}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('insights.interactionCount')}</dt>
          <dd>{insights.facts.interactionCount}</dd>
        </div>
        <div>
          <dt>{t('insights.period')}</dt>
          <dd>
            {translator.dateTime(insights.facts.period.from)} – {translator.dateTime(insights.facts.period.to)}
          </dd>
        </div>
      </dl>
      {insights.sources.some((source) => source.interactionId === last.interactionId) ? (
        <SourceChipsView
          sourceIds={[last.interactionId]}
          sources={insights.sources}
          profile={panel.profile}
          onSelect={panel.onSelectSource}
        />
      ) : null}
      {insights.topics.length > 0 ? (
        <>
          <h3>{t('insights.topics')}</h3>
          <ul className="statements">
            {insights.topics.map((topic, index) => (
              <Statement key={index} statement={topic} panel={panel} />
            ))}
          </ul>
        </>
      ) : null}
      {insights.summary.length > 0 ? (
        <>
          <h3>{t('insights.summary')}</h3>
          <ul className="statements">
            {insights.summary.map((statement, index) => (
              <Statement key={index} statement={statement} panel={panel} />
            ))}
          </ul>
        </>
      ) : null}
      {insights.nextStep ? (
        <>
          <h3>{t('insights.nextStep')}</h3>
          <ul className="statements">
            <Statement statement={insights.nextStep} panel={panel} />
          </ul>
        </>
      ) : null}
      <dl className="facts provenance">
        <div>
          <dt>{t('insights.language')}</dt>
          <dd>{languageName(translator.language, insights.language)}</dd>
        </div>
        <div>
          <dt>{t('insights.generator')}</dt>
          <dd>
            {insights.generator.kind === 'builtin'
              ? t('insights.generator.builtin')
              : t('insights.generator.llm', { model: [insights.generator.provider, insights.generator.model].filter(Boolean).join(' ') })}
            {' · '}
            {t(`insights.scope.${insights.scope}`)}
          </dd>
        </div>
      </dl>
      <p className="generated-by">
        {t('insights.generatedBy', { name: insights.generatedBy.name, when: translator.dateTime(insights.generatedAt) })}
      </p>
    </div>
  );
};

const languageName = (display: string, language: string): string => {
  try {
    return new Intl.DisplayNames([display], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
};
