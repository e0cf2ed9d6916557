import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useDesktopApi } from '../api/desktop-api.port';
import type { SessionCard } from '../api/desktop-api.types';
import { placeSessionCard } from '../sessions/session-card-state.rule';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'refused';

/** The cache keys of a contact's view: per agent too, so one agent's answers are never shown to the next. */
export const contactKeys = (workspaceId: string, userId: string, contact: string) => ({
  sessions: ['sessions', workspaceId, userId, contact] as const,
  timeline: ['timeline', workspaceId, userId, contact] as const,
  insights: ['insights', workspaceId, userId, contact] as const,
});

export type ContactKeys = ReturnType<typeof contactKeys>;

/**
 * Follows the contact's live updates: a session card is put in place in the cache (a blue card turns white or
 * grey without a reload); a new interaction refetches the timeline and the insights (whose stale badge it may
 * raise); a reset, and every (re)connection (an event may have been committed between the first reads and the
 * stream's start, or while it was down), refetches everything.
 */
export const useContactUpdates = (keys: ContactKeys, contact: string, onSessionChanged: (card: SessionCard) => void): LiveState => {
  const api = useDesktopApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const [sessionsKey, timelineKey, insightsKey] = [keys.sessions, keys.timeline, keys.insights];
  useEffect(() => {
    const refetchAll = () => {
      for (const queryKey of [sessionsKey, timelineKey, insightsKey]) void queryClient.invalidateQueries({ queryKey });
    };
    const abort = new AbortController();
    api.updates(
      contact,
      {
        onUpdate: (update) => {
          if (update.type === 'session') {
            // A read in flight holds an older snapshot: it is cancelled, so the card from the stream wins.
            void queryClient.cancelQueries({ queryKey: sessionsKey }).then(() => {
              queryClient.setQueryData<SessionCard[]>(sessionsKey, (cards) => placeSessionCard(cards ?? [], update.card));
              onSessionChanged(update.card);
            });
          } else if (update.type === 'interaction') {
            void queryClient.invalidateQueries({ queryKey: timelineKey });
            void queryClient.invalidateQueries({ queryKey: insightsKey });
          } else refetchAll();
        },
        onConnected: () => {
          setState('live');
          refetchAll();
        },
        onDisconnected: () => setState('reconnecting'),
        onRefused: () => setState('refused'),
      },
      abort.signal,
    );
    return () => abort.abort();
    // The keys are arrays made on each render: their contents are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, queryClient, contact, onSessionChanged, sessionsKey.join('\u0000')]);
  return state;
};
