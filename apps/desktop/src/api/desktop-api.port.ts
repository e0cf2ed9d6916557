import { createContext, useContext } from 'react';
import type { AgentProfile, ContactUpdate, Insights, SessionCard, TimelinePage } from './desktop-api.types';

/** What the views ask of the server: one adapter speaks HTTP; component tests give a fake. */
export interface DesktopApi {
  me(): Promise<AgentProfile>;
  sessions(contact: string): Promise<SessionCard[]>;
  timeline(contact: string, cursor?: string): Promise<TimelinePage>;
  /** Null when none were generated yet (404 NO_INSIGHTS): a query may not resolve to undefined. */
  insights(contact: string): Promise<Insights | null>;
  generate(contact: string, conversationId: string): Promise<Insights>;
  /**
   * Live updates until `signal` aborts; `onConnected` after each (re)connection, when the caller should refetch what it
   * may have missed. Reconnects by itself with backoff.
   */
  updates(contact: string, handlers: UpdateHandlers, signal: AbortSignal): void;
}

export interface UpdateHandlers {
  onUpdate(update: ContactUpdate): void;
  onConnected(): void;
  onDisconnected(): void;
  /** The stream was refused for good (401/403/400): not retried. */
  onRefused(error: unknown): void;
}

export const DesktopApiContext = createContext<DesktopApi | undefined>(undefined);

export const useDesktopApi = (): DesktopApi => {
  const api = useContext(DesktopApiContext);
  if (!api) throw new Error('DesktopApiContext is not provided');
  return api;
};
