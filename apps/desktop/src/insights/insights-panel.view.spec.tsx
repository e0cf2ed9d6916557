import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiProblem } from '../api/api-problem.errors';
import type { AgentProfile, Insights } from '../api/desktop-api.types';
import { type Language, translator, TranslatorContext } from '../i18n/i18n';
import { type InsightsPanelProps, InsightsPanelView } from './insights-panel.view';

const licensed: AgentProfile = {
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
const unlicensed: AgentProfile = { ...licensed, licenses: [], canGenerateInsights: false, generationUnavailable: 'LICENCE_REQUIRED' };
const disabled: AgentProfile = {
  ...licensed,
  insightsEnabled: false,
  canGenerateInsights: false,
  generationUnavailable: 'INSIGHTS_DISABLED',
};

const insights = (overrides: Partial<Insights> = {}): Insights => ({
  workspaceId: 'acme',
  contact: { phones: ['+33612340000'], emails: [] },
  generatedAt: '2026-03-02T08:00:00Z',
  generatedBy: { userId: 'u-1', name: 'Alice Martin' },
  conversationId: 'conv-1',
  scope: 'visible',
  language: 'en',
  generator: { kind: 'builtin' },
  facts: {
    lastInteraction: { interactionId: 'i-2', occurredAt: '2026-03-01T10:00:00Z', channel: 'sms', direction: 'inbound' },
    interactionCount: 2,
    byChannel: { call: 1, voicemail: 0, sms: 1, whatsapp: 0 },
    period: { from: '2026-02-01T09:00:00Z', to: '2026-03-01T10:00:00Z' },
  },
  topics: [{ text: 'Delivery delay', sources: ['i-1'] }],
  summary: [{ text: 'The customer asked where the parcel is.', sources: ['i-1', 'i-2'] }],
  nextStep: { text: 'Call back with a tracking number.', sources: ['i-2'] },
  sources: [
    { interactionId: 'i-1', kind: 'call', channel: 'call', occurredAt: '2026-02-01T09:00:00Z', inboxId: 'sales' },
    { interactionId: 'i-2', kind: 'message', channel: 'sms', occurredAt: '2026-03-01T10:00:00Z', inboxId: 'sales' },
  ],
  stale: false,
  newerInteractions: 0,
  ...overrides,
});

const renderPanel = (props: Partial<InsightsPanelProps> = {}, language: Language = 'en') => {
  const panel: InsightsPanelProps = {
    profile: licensed,
    insights: undefined,
    loading: false,
    loadError: null,
    conversationId: 'conv-1',
    generating: false,
    generateError: null,
    onGenerate: jest.fn(),
    onSelectSource: jest.fn(),
    ...props,
  };
  render(
    <TranslatorContext.Provider value={translator(language, 'UTC')}>
      <InsightsPanelView {...panel} />
    </TranslatorContext.Provider>,
  );
  return panel;
};

const generateButton = (name: RegExp = /generate/i) => screen.getByRole<HTMLButtonElement>('button', { name });

/** The text the button's aria-describedby points at, as a screen reader would read it. */
const description = (element: HTMLElement): string | undefined => {
  const ids = element.getAttribute('aria-describedby');
  return ids
    ? ids
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? `<missing ${id}>`)
        .join(' ')
    : undefined;
};

describe('InsightsPanelView', () => {
  it.each<[string, AgentProfile, string | undefined, Language, string]>([
    ['no licence', unlicensed, 'conv-1', 'en', 'Generating insights needs the AI Assist Pro licence.'],
    ['insights turned off', disabled, 'conv-1', 'en', 'Insights are turned off in this workspace.'],
    [
      'no conversation to generate from',
      licensed,
      undefined,
      'en',
      'There is no conversation with this contact you can see to generate from.',
    ],
    ['no licence, in French', unlicensed, 'conv-1', 'fr', 'Générer des insights nécessite la licence AI Assist Pro.'],
  ])('%s: the button is disabled and its explanation is tied to it', async (_case, profile, conversationId, language, reason) => {
    const panel = renderPanel({ profile, conversationId }, language);
    const button = generateButton(/insights/i);
    expect(button.disabled).toBe(true);
    expect(description(button)).toBe(reason);
    await userEvent.setup().click(button);
    expect(panel.onGenerate).not.toHaveBeenCalled();
  });

  it('allowed with a conversation: enabled, no explanation, and it generates from that conversation', async () => {
    const panel = renderPanel({ conversationId: 'conv-7' });
    const button = generateButton();
    expect([button.textContent, button.disabled, description(button)]).toEqual(['Generate insights', false, undefined]);
    await userEvent.setup().click(button);
    expect(panel.onGenerate).toHaveBeenCalledWith('conv-7');
  });

  it('once insights exist the button says "Generate new insights"', () => {
    renderPanel({ insights: insights() });
    expect(generateButton().textContent).toBe('Generate new insights');
  });

  it('while generating the button says so and cannot be pressed again, keeping the focus (busy, not disabled)', () => {
    const { onGenerate } = renderPanel({ generating: true });
    const button = generateButton(/generating/i);
    expect([button.textContent, button.disabled, button.getAttribute('aria-disabled')]).toEqual(['Generating…', false, 'true']);
    fireEvent.click(button);
    expect(onGenerate).not.toHaveBeenCalled();
  });

  it.each<[Language, number, string]>([
    ['en', 1, '1 newer interaction'],
    ['en', 3, '3 newer interactions'],
    ['fr', 1, '1 interaction plus récente'],
    ['fr', 2, '2 interactions plus récentes'],
  ])('stale insights (%s, %s newer) show a badge with the count', (language, count, badge) => {
    renderPanel({ insights: insights({ stale: true, newerInteractions: count }) }, language);
    expect(document.querySelector('.stale-badge')?.textContent).toBe(badge);
  });

  it('fresh insights show no stale badge', () => {
    renderPanel({ insights: insights() });
    expect(document.querySelector('.stale-badge')).toBeNull();
  });

  it("a call without transcript: the API's own detail, verbatim", () => {
    const detail = 'The call conv-1 has no transcript: insights need one. Try again after the transcript arrives.';
    renderPanel({ generateError: new ApiProblem(422, 'NO_CALL_TRANSCRIPT', detail) });
    expect(screen.getByRole('alert').textContent).toBe(detail);
  });

  it('another generation error in words', () => {
    renderPanel({ generateError: new ApiProblem(502, 'LLM_FAILED', 'upstream 500') });
    expect(screen.getByRole('alert').textContent).toBe('The insights generator failed. Try again.');
  });

  it('a contact not visible to the agent is said as such, not as an error', () => {
    renderPanel({ loadError: new ApiProblem(404, 'CONTACT_NOT_VISIBLE', 'not visible'), conversationId: undefined });
    expect(screen.getByText('No conversation with this contact that you can see.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText('No insights for this contact yet.')).toBeNull();
  });

  it('insights turned off on the server is no error: the button explains it', () => {
    renderPanel({ profile: disabled, loadError: new ApiProblem(403, 'INSIGHTS_DISABLED', 'off') });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(description(generateButton(/insights/i))).toBe('Insights are turned off in this workspace.');
  });

  it('another load error is an alert', () => {
    renderPanel({ loadError: new ApiProblem(503, 'STORE_UNAVAILABLE', 'down') });
    expect(screen.getByRole('alert').textContent).toBe('The history is unavailable for a moment. Try again shortly.');
  });

  it('no insights yet', () => {
    renderPanel();
    expect(screen.getByText('No insights for this contact yet.')).toBeTruthy();
  });

  it('while loading: busy, and no "none yet"', () => {
    renderPanel({ loading: true });
    expect(screen.getByRole('region', { name: 'Insights' }).getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByText('No insights for this contact yet.')).toBeNull();
  });

  it('shows the statements with their sources, and a source chip selects its interaction', async () => {
    const panel = renderPanel({ insights: insights() });
    expect(screen.getByText('Delivery delay')).toBeTruthy();
    expect(screen.getByText('The customer asked where the parcel is.')).toBeTruthy();
    expect(screen.getByText('Call back with a tracking number.')).toBeTruthy();
    const statement = screen.getByText('Call back with a tracking number.').closest('li')!;
    await userEvent.setup().click(statement.querySelector('button')!);
    expect(panel.onSelectSource).toHaveBeenCalledWith(expect.objectContaining({ interactionId: 'i-2' }));
  });

  it('says who generated the insights, with what and from which inboxes', () => {
    renderPanel({ insights: insights({ scope: 'all', generator: { kind: 'llm', provider: 'openai', model: 'gpt-x' } }) });
    expect(document.querySelector('.generated-by')?.textContent).toMatch(/^Generated by Alice Martin, Mar 2, 2026/);
    expect(document.querySelector('.provenance')?.textContent).toContain('model openai gpt-x · All inboxes of the organisation');
  });

  it('shows a chip notice as a status', () => {
    renderPanel({ insights: insights(), chipNotice: 'This interaction is no longer in the timeline.' });
    expect(screen.getByRole('status').textContent).toBe('This interaction is no longer in the timeline.');
  });
});
