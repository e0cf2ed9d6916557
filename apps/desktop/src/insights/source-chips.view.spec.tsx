import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AgentProfile, InsightsSource } from '../api/desktop-api.types';
import { type Language, translator, TranslatorContext } from '../i18n/i18n';
import { SourceChipsView } from './source-chips.view';

const agent: Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'> = { seesEveryInbox: false, inboxes: [{ inboxId: 'sales' }] };
const admin: Pick<AgentProfile, 'seesEveryInbox' | 'inboxes'> = { seesEveryInbox: true, inboxes: [] };
const sms: InsightsSource = {
  interactionId: 'i-sms',
  kind: 'message',
  channel: 'sms',
  occurredAt: '2026-03-01T10:00:00Z',
  inboxId: 'sales',
};
const call: InsightsSource = {
  interactionId: 'i-call',
  kind: 'call',
  channel: 'call',
  occurredAt: '2026-02-01T09:00:00Z',
  inboxId: 'billing',
};

const renderChips = (sourceIds: string[], profile = agent, language: Language = 'en') => {
  const onSelect = jest.fn();
  render(
    <TranslatorContext.Provider value={translator(language, 'UTC')}>
      <SourceChipsView sourceIds={sourceIds} sources={[sms, call]} profile={profile} onSelect={onSelect} />
    </TranslatorContext.Provider>,
  );
  return { onSelect };
};

describe('SourceChipsView', () => {
  it('clicking a chip selects its source', async () => {
    const { onSelect } = renderChips(['i-sms', 'i-call'], admin);
    await userEvent.setup().click(screen.getByRole('button', { name: /^Call, Feb 1, 2026/ }));
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onSelect).toHaveBeenCalledWith(call);
  });

  it('names each chip by its channel and time, in the order of the statement', () => {
    renderChips(['i-call', 'i-sms'], admin, 'fr');
    const list = screen.getByRole('list', { name: 'Sources' });
    expect([...list.querySelectorAll('button')].map((button) => button.textContent)).toEqual([
      expect.stringMatching(/^ Appel, 1 févr\. 2026/),
      expect.stringMatching(/^ SMS, 1 mars 2026/),
    ]);
  });

  it('a chip in an inbox the agent cannot see is disabled and says why', async () => {
    const { onSelect } = renderChips(['i-sms', 'i-call']);
    const chip = screen.getByRole('button', { name: /^Call, Feb 1, 2026.*\(In an inbox you cannot see\)$/ });
    expect((chip as HTMLButtonElement).disabled).toBe(true);
    expect(chip.title).toBe('In an inbox you cannot see');
    await userEvent.setup().click(chip);
    expect(onSelect).not.toHaveBeenCalled();
    const reachable = screen.getByRole('button', { name: /^SMS, Mar 1, 2026/ });
    expect([(reachable as HTMLButtonElement).disabled, reachable.title, reachable.textContent]).toEqual([
      false,
      '',
      expect.not.stringContaining('cannot see'),
    ]);
  });

  it('a source the insights do not describe shows its id, disabled', () => {
    renderChips(['i-gone']);
    const chip = screen.getByRole('button', { name: /i-gone/ });
    expect((chip as HTMLButtonElement).disabled).toBe(true);
  });

  it('a source named twice is one chip', () => {
    renderChips(['i-sms', 'i-sms']);
    expect(screen.getAllByRole('button')).toHaveLength(1);
  });

  it('no source: nothing at all, not an empty list', () => {
    renderChips([]);
    expect(screen.queryByRole('list')).toBeNull();
  });
});
