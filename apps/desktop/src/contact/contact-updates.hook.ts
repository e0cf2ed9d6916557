import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useDesktopApi } from '../api/desktop-api.port';
import type { SessionCard } from '../api/desktop-api.types';
import { placeSessionCard } from '../sessions/session-card-state.rule';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'refused';

export const contactKeys = (workspaceId: string, contact: string) => ({
  sessions: ['sessions', workspaceId, contact] as const,
  timeline: ['timeline', workspaceId, contact] as const,
  insights: ['insights', workspaceId, contact] as const,
});

/**
 * Follows the contact's live updates: a session card is put in place in the cache (a blue card turns white or
 * grey without a reload); a new interaction refetches the timeline and the insights (whose stale badge it may
 * raise); a reset, or any (re)connection, refetches everything that may have been missed meanwhile.
 */
export const useContactUpdates = (workspaceId: string, contact: string, onSessionChanged: (card: SessionCard) => void): LiveState => {
  const api = useDesktopApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const keys = contactKeys(workspaceId, contact);
    const refetchAll = () => {
      for (const key of Object.values(keys)) void queryClient.invalidateQueries({ queryKey: key });
    };
    const abort = new AbortController();
    let connections = 0;
    api.updates(
      contact,
      {
        onUpdate: (update) => {
          if (update.type === 'session') {
            queryClient.setQueryData<SessionCard[]>(keys.sessions, (cards) => placeSessionCard(cards ?? [], update.card));
            onSessionChanged(update.card);
          } else if (update.type === 'interaction') {
            void queryClient.invalidateQueries({ queryKey: keys.timeline });
            void queryClient.invalidateQueries({ queryKey: keys.insights });
          } else refetchAll();
        },
        onConnected: () => {
          setState('live');
          // The first connection follows the first fetch closely; later ones follow a gap.
          if (connections++ > 0) refetchAll();
        },
        onDisconnected: () => setState('reconnecting'),
        onRefused: () => setState('refused'),
      },
      abort.signal,
    );
    return () => abort.abort();
  }, [api, queryClient, workspaceId, contact, onSessionChanged]);
  return state;
};
