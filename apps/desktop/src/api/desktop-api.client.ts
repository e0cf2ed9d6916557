import { ApiProblem, problemFrom } from './api-problem.errors';
import type { DesktopApi, UpdateHandlers } from './desktop-api.port';
import type { AgentProfile, ContactUpdate, Insights, SessionCard, TimelinePage } from './desktop-api.types';
import { parseSseFrames, type SseEvent } from '../sse/sse-frames.rule';

export interface HttpDesktopApiOptions {
  token: string;
  workspaceId: string;
  /** Called on any 401: the token expired or was revoked, and the page signs out. */
  onUnauthenticated: (problem: ApiProblem) => void;
  fetch?: typeof fetch;
  baseUrl?: string;
}

/** A stream that buffers this much without an event is not a well-behaved server: reconnect. */
const MAXIMUM_PENDING_TEXT = 1024 * 1024;

/** The delay before the next reconnection: doubling from 1 s to 30 s, with jitter so tabs do not reconnect together. */
export const reconnectDelay = (attempt: number, random: number): number =>
  Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5) * (0.75 + random * 0.5));

/** The live stream's events, as the view uses them; unknown events and `ping` are dropped. */
export const contactUpdateOf = (event: SseEvent): ContactUpdate | undefined => {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  switch (event.event) {
    case 'session':
      return typeof (data as { sessionId?: unknown }).sessionId === 'string' ? { type: 'session', card: data as SessionCard } : undefined;
    case 'interaction': {
      const { interactionId, inboxId, occurredAt } = data as { interactionId?: unknown; inboxId?: unknown; occurredAt?: unknown };
      if (typeof interactionId !== 'string') return undefined;
      return {
        type: 'interaction',
        interactionId,
        ...(typeof inboxId === 'string' ? { inboxId } : {}),
        ...(typeof occurredAt === 'string' ? { occurredAt } : {}),
      };
    }
    case 'reset':
      return { type: 'reset' };
    default:
      return undefined;
  }
};

/** The desktop API over HTTP, same origin, with the agent token as a Bearer header (never in a URL). */
export class HttpDesktopApi implements DesktopApi {
  private readonly fetch: typeof fetch;
  private readonly base: string;

  constructor(private readonly options: HttpDesktopApiOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.base = `${options.baseUrl ?? ''}/v1/workspaces/${encodeURIComponent(options.workspaceId)}`;
  }

  me(): Promise<AgentProfile> {
    return this.json<AgentProfile>('GET', '/me');
  }

  async sessions(contact: string): Promise<SessionCard[]> {
    return (await this.json<{ sessions: SessionCard[] }>('GET', `${this.contactPath(contact)}/sessions`)).sessions;
  }

  timeline(contact: string, cursor?: string): Promise<TimelinePage> {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    return this.json<TimelinePage>('GET', `${this.contactPath(contact)}/timeline${query}`);
  }

  async insights(contact: string): Promise<Insights | null> {
    try {
      return await this.json<Insights>('GET', `${this.contactPath(contact)}/insights`);
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'NO_INSIGHTS') return null;
      throw error;
    }
  }

  generate(contact: string, conversationId: string): Promise<Insights> {
    return this.json<Insights>('POST', `${this.contactPath(contact)}/insights`, { conversationId });
  }

  updates(contact: string, handlers: UpdateHandlers, signal: AbortSignal): void {
    void this.follow(`${this.contactPath(contact)}/updates`, handlers, signal);
  }

  private contactPath(contact: string): string {
    return `/contacts/${encodeURIComponent(contact)}`;
  }

  private async request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: path.endsWith('/updates') ? 'text/event-stream' : 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
        cache: 'no-store',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiProblem(0, 'NETWORK', error instanceof Error ? error.message : String(error));
    }
    if (response.ok) return response;
    const problem = problemFrom(response.status, await response.json().catch(() => undefined));
    if (response.status === 401) this.options.onUnauthenticated(problem);
    throw problem;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    return (await response.json()) as T;
  }

  private async follow(path: string, handlers: UpdateHandlers, signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt += 1) {
      try {
        const response = await this.request('GET', path, undefined, signal);
        attempt = 0;
        handlers.onConnected();
        await this.read(response, handlers, signal);
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiProblem && error.status >= 400 && error.status < 500 && error.status !== 429) {
          handlers.onRefused(error);
          return;
        }
      }
      if (signal.aborted) return;
      handlers.onDisconnected();
      await new Promise<void>((resolve) => {
        const stop = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(
          () => {
            signal.removeEventListener('abort', stop);
            resolve();
          },
          reconnectDelay(attempt, Math.random()),
        );
        signal.addEventListener('abort', stop, { once: true });
      });
    }
  }

  private async read(response: Response, handlers: UpdateHandlers, signal: AbortSignal): Promise<void> {
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const cancel = () => void reader.cancel().catch(() => undefined);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      await this.dispatch(reader, handlers);
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  private async dispatch(reader: ReadableStreamDefaultReader<string>, handlers: UpdateHandlers): Promise<void> {
    let pending = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const { events, rest } = parseSseFrames(pending, value);
      pending = rest;
      if (pending.length > MAXIMUM_PENDING_TEXT) {
        await reader.cancel();
        return;
      }
      for (const event of events) {
        const update = contactUpdateOf(event);
        if (update) handlers.onUpdate(update);
      }
    }
  }
}
