import type { MessageKey } from '../i18n/messages-en.lexicon';
import type { SessionCard } from '../api/desktop-api.types';

export type SessionTone = 'active' | 'abandoned' | 'ended' | 'wrapped-up';

export interface SessionCardState {
  tone: SessionTone;
  /** The card's text label: colour is never the only cue. */
  toneKey: MessageKey;
  /** A status the desktop words itself, else the wrap-up's label or code as the server gave it. */
  statusKey?: MessageKey;
  statusText?: string;
}

const STATUS_KEYS: Partial<Record<string, MessageKey>> = {
  waiting: 'sessions.status.waiting',
  connected: 'sessions.status.connected',
  abandoned: 'sessions.status.abandoned',
  ended: 'sessions.status.ended',
};

const TONE_KEYS: Record<SessionTone, MessageKey> = {
  active: 'sessions.tone.active',
  abandoned: 'sessions.tone.abandoned',
  ended: 'sessions.tone.ended',
  'wrapped-up': 'sessions.tone.wrappedUp',
};

/**
 * The SPEC's card colours read as states: blue is active; grey is wrapped up (a wrap-up code is the status);
 * white is ended before any code: abandoned when the customer hung up or left, else ended (by the agent).
 */
export const sessionCardState = (card: Pick<SessionCard, 'colour' | 'status' | 'wrapupLabel'>): SessionCardState => {
  const tone: SessionTone =
    card.colour === 'blue' ? 'active' : card.colour === 'grey' ? 'wrapped-up' : card.status === 'abandoned' ? 'abandoned' : 'ended';
  const statusKey = STATUS_KEYS[card.status];
  return {
    tone,
    toneKey: TONE_KEYS[tone],
    ...(statusKey && tone !== 'wrapped-up' ? { statusKey } : { statusText: card.wrapupLabel ?? card.status }),
  };
};

/** An active card's duration counts on between updates (the server's is as of its answer): from its start to now. */
export const displayedDuration = (
  card: Pick<SessionCard, 'colour' | 'startedAt' | 'durationSeconds'>,
  now: number | undefined,
): number | undefined => {
  if (card.colour !== 'blue' || card.startedAt === undefined || now === undefined) return card.durationSeconds;
  const started = Date.parse(card.startedAt);
  if (Number.isNaN(started)) return card.durationSeconds;
  // Never less than the server said: the page's clock may lag its answer.
  return Math.max(card.durationSeconds ?? 0, Math.round((now - started) / 1000));
};

/** Puts a card from the live stream in place: replaced when known, else inserted; newest first by start. */
export const placeSessionCard = (cards: readonly SessionCard[], card: SessionCard): SessionCard[] => {
  const others = cards.filter((existing) => existing.sessionId !== card.sessionId);
  return [...others, card].sort((left, right) => (right.startedAt ?? '').localeCompare(left.startedAt ?? ''));
};
