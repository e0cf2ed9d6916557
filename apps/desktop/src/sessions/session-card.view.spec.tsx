import { render, screen, within } from '@testing-library/react';
import type { SessionCard } from '../api/desktop-api.types';
import { type Language, translator, TranslatorContext } from '../i18n/i18n';
import { SessionCardsView, SessionCardView } from './session-card.view';

const renderIn = (language: Language, element: React.ReactElement) =>
  render(<TranslatorContext.Provider value={translator(language, 'UTC')}>{element}</TranslatorContext.Provider>);

const card = (overrides: Partial<SessionCard>): SessionCard => ({
  sessionId: 's-1',
  startedAt: '2026-03-01T10:00:00Z',
  colour: 'blue',
  direction: 'inbound',
  channelIcon: 'call',
  durationSeconds: 200,
  queue: 'Support FR',
  agent: 'Alice Martin',
  status: 'connected',
  ...overrides,
});

describe('SessionCardView', () => {
  it.each<[string, Language, Partial<SessionCard>, string, string]>([
    ['blue', 'en', { colour: 'blue', status: 'connected' }, 'Active', 'Connected'],
    ['blue, waiting', 'en', { colour: 'blue', status: 'waiting' }, 'Active', 'Waiting'],
    ['white, abandoned', 'en', { colour: 'white', status: 'abandoned' }, 'Abandoned', 'Ended by the customer'],
    ['white, ended', 'en', { colour: 'white', status: 'ended' }, 'Ended', 'Ended without a wrap-up code'],
    ['grey with a wrap-up label', 'en', { colour: 'grey', status: 'SALE', wrapupLabel: 'Sale closed' }, 'Wrapped up', 'Sale closed'],
    ['grey with a code only', 'en', { colour: 'grey', status: 'SALE' }, 'Wrapped up', 'SALE'],
    ['blue, in French', 'fr', { colour: 'blue', status: 'connected' }, 'Actif', 'En cours'],
    ['white, abandoned, in French', 'fr', { colour: 'white', status: 'abandoned' }, 'Abandonné', 'Terminé par le client'],
    ['white, ended, in French', 'fr', { colour: 'white', status: 'ended' }, 'Terminé', 'Terminé sans code de qualification'],
    ['grey, in French', 'fr', { colour: 'grey', status: 'SALE', wrapupLabel: 'Vente conclue' }, 'Inactif', 'Vente conclue'],
  ])('%s: says its state in words, not only in colour', (_case, language, overrides, tone, status) => {
    renderIn(language, <SessionCardView card={card(overrides)} />);
    const channel = language === 'fr' ? 'Appel' : 'Call';
    const article = screen.getByRole('article', { name: `${tone}: ${channel}` });
    expect(article.querySelector('.tone-label')?.textContent).toBe(tone);
    expect(article.querySelector('.session-status')?.textContent).toBe(status);
    expect(within(article).getByText('Support FR')).toBeTruthy();
    expect(within(article).getByText('Alice Martin')).toBeTruthy();
    expect(article.className).toContain(
      `tone-${overrides.colour === 'blue' ? 'active' : overrides.colour === 'grey' ? 'wrapped-up' : overrides.status}`,
    );
  });

  it('names each fact: queue, agent, duration, start, channel and direction', () => {
    renderIn('en', <SessionCardView card={card({})} />);
    const facts = Object.fromEntries(
      [...screen.getByRole('article').querySelectorAll('dl > div')].map((row) => [
        row.querySelector('dt')?.textContent,
        row.querySelector('dd')?.textContent,
      ]),
    );
    expect(facts).toEqual({
      Started: expect.stringMatching(/Mar 1, 2026/),
      Duration: '3 min 20 s',
      Queue: 'Support FR',
      Agent: 'Alice Martin',
    });
    expect(screen.getByRole('article').querySelector('.session-channel')?.textContent).toBe(' Call · Inbound');
  });

  it('leaves out the facts a session does not have', () => {
    renderIn('en', <SessionCardView card={{ sessionId: 's-1', colour: 'blue', channelIcon: 'chat', status: 'waiting' }} />);
    const article = screen.getByRole('article', { name: 'Active: Chat' });
    expect(article.querySelectorAll('dt')).toHaveLength(0);
    expect(article.querySelector('.session-channel')?.textContent).toBe(' Chat');
  });
});

describe('SessionCardsView', () => {
  const cards = (count: number): SessionCard[] => Array.from({ length: count }, (_, index) => card({ sessionId: `s-${index}` }));

  it.each<[Language, number, string | undefined]>([
    ['en', 50, 'The 50 most recent sessions.'],
    ['fr', 50, 'Les 50 sessions les plus récentes.'],
    ['en', 49, undefined],
    ['en', 1, undefined],
  ])('in %s, %s cards: the capped note is %s', (language, count, note) => {
    const { container } = renderIn(language, <SessionCardsView cards={cards(count)} />);
    expect(screen.getAllByRole('article')).toHaveLength(count);
    expect(container.querySelector('.note')?.textContent).toBe(note);
  });

  it('says when there is no session', () => {
    renderIn('en', <SessionCardsView cards={[]} />);
    expect(screen.getByText('No session with this contact in your inboxes.')).toBeTruthy();
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('keeps the cards in the order given, under the Sessions heading', () => {
    renderIn(
      'en',
      <SessionCardsView cards={[card({ sessionId: 's-new' }), card({ sessionId: 's-old', colour: 'grey', status: 'SALE' })]} />,
    );
    const section = screen.getByRole('heading', { name: 'Sessions' }).closest('section')!;
    expect([...section.querySelectorAll('li')].map((item) => item.dataset.sessionId)).toEqual(['s-new', 's-old']);
  });

  it('announces a live change politely', () => {
    renderIn('en', <SessionCardsView cards={cards(1)} announcement="Session s-0 is now Abandoned." />);
    const live = document.querySelector('[aria-live="polite"]');
    expect(live?.textContent).toBe('Session s-0 is now Abandoned.');
  });
});
