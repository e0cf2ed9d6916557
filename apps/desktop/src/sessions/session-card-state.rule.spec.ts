import type { SessionCard } from '../api/desktop-api.types';
import { displayedDuration, placeSessionCard, type SessionCardState, sessionCardState } from './session-card-state.rule';

describe('sessionCardState', () => {
  it.each<[string, Pick<SessionCard, 'colour' | 'status' | 'wrapupLabel'>, SessionCardState]>([
    [
      'blue, connected: active',
      { colour: 'blue', status: 'connected' },
      { tone: 'active', toneKey: 'sessions.tone.active', statusKey: 'sessions.status.connected' },
    ],
    [
      'blue, waiting: active',
      { colour: 'blue', status: 'waiting' },
      { tone: 'active', toneKey: 'sessions.tone.active', statusKey: 'sessions.status.waiting' },
    ],
    [
      'blue, a status the desktop does not word: shown as given',
      { colour: 'blue', status: 'ringing' },
      { tone: 'active', toneKey: 'sessions.tone.active', statusText: 'ringing' },
    ],
    [
      'white, ended by the customer: abandoned',
      { colour: 'white', status: 'abandoned' },
      { tone: 'abandoned', toneKey: 'sessions.tone.abandoned', statusKey: 'sessions.status.abandoned' },
    ],
    [
      'white, ended by the agent: ended',
      { colour: 'white', status: 'ended' },
      { tone: 'ended', toneKey: 'sessions.tone.ended', statusKey: 'sessions.status.ended' },
    ],
    [
      'grey with a wrap-up label: the label',
      { colour: 'grey', status: 'SALE', wrapupLabel: 'Sale closed' },
      { tone: 'wrapped-up', toneKey: 'sessions.tone.wrappedUp', statusText: 'Sale closed' },
    ],
    [
      'grey with a code only: the code',
      { colour: 'grey', status: 'SALE' },
      { tone: 'wrapped-up', toneKey: 'sessions.tone.wrappedUp', statusText: 'SALE' },
    ],
    [
      'grey whose code reads like a status: still the code, not the desktop word',
      { colour: 'grey', status: 'ended' },
      { tone: 'wrapped-up', toneKey: 'sessions.tone.wrappedUp', statusText: 'ended' },
    ],
  ])('%s', (_case, card, expected) => {
    expect(sessionCardState(card)).toEqual(expected);
  });
});

describe('placeSessionCard', () => {
  const card = (sessionId: string, startedAt: string | undefined, colour: SessionCard['colour'] = 'blue'): SessionCard => ({
    sessionId,
    ...(startedAt ? { startedAt } : {}),
    colour,
    channelIcon: 'call',
    status: colour === 'blue' ? 'connected' : 'abandoned',
  });
  const cards = [card('s-3', '2026-03-03T10:00:00Z'), card('s-2', '2026-03-02T10:00:00Z'), card('s-1', '2026-03-01T10:00:00Z')];

  it('replaces a known card in its place', () => {
    const placed = placeSessionCard(cards, card('s-2', '2026-03-02T10:00:00Z', 'white'));
    expect(placed.map(({ sessionId, colour }) => `${sessionId}:${colour}`)).toEqual(['s-3:blue', 's-2:white', 's-1:blue']);
  });

  it.each<[string, string | undefined, string[]]>([
    ['the newest goes first', '2026-03-04T10:00:00Z', ['s-4', 's-3', 's-2', 's-1']],
    ['an older one goes among the others by start', '2026-03-02T12:00:00Z', ['s-3', 's-4', 's-2', 's-1']],
    ['the oldest goes last', '2026-02-01T10:00:00Z', ['s-3', 's-2', 's-1', 's-4']],
    ['a card not started yet goes last', undefined, ['s-3', 's-2', 's-1', 's-4']],
  ])('inserts an unknown card: %s', (_case, startedAt, expected) => {
    expect(placeSessionCard(cards, card('s-4', startedAt)).map((placed) => placed.sessionId)).toEqual(expected);
  });

  it('inserts into no cards', () => {
    expect(placeSessionCard([], card('s-1', undefined))).toEqual([card('s-1', undefined)]);
  });

  it('leaves the cached list as it was', () => {
    const before = JSON.parse(JSON.stringify(cards)) as SessionCard[];
    placeSessionCard(cards, card('s-2', '2026-03-02T10:00:00Z', 'white'));
    expect(cards).toEqual(before);
  });
});

describe('displayedDuration', () => {
  const now = Date.parse('2026-03-03T10:02:00Z');
  it.each<[string, Pick<SessionCard, 'colour' | 'startedAt' | 'durationSeconds'>, number | undefined, number | undefined]>([
    ['an active card counts on from its start', { colour: 'blue', startedAt: '2026-03-03T10:00:00Z', durationSeconds: 30 }, now, 120],
    [
      'never less than the server said (a page clock behind)',
      { colour: 'blue', startedAt: '2026-03-03T10:00:00Z', durationSeconds: 300 },
      now,
      300,
    ],
    ['an ended card keeps its duration', { colour: 'white', startedAt: '2026-03-03T10:00:00Z', durationSeconds: 30 }, now, 30],
    ['a wrapped-up card keeps its duration', { colour: 'grey', startedAt: '2026-03-03T10:00:00Z', durationSeconds: 45 }, now, 45],
    ['an active card without a start keeps what the server said', { colour: 'blue', durationSeconds: 12 }, now, 12],
    ['an unreadable start keeps what the server said', { colour: 'blue', startedAt: 'soon', durationSeconds: 12 }, now, 12],
    ['no clock given: what the server said', { colour: 'blue', startedAt: '2026-03-03T10:00:00Z', durationSeconds: 7 }, undefined, 7],
    ['neither a start nor a duration', { colour: 'blue' }, now, undefined],
  ])('%s', (_case, card, at, expected) => {
    expect(displayedDuration(card, at)).toBe(expected);
  });
});
