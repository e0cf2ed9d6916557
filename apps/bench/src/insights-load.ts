import { readFileSync } from 'node:fs';
import { type LatencyFigures, measureLatency, measureOpenLoop, type SteadyLoad } from './latency';

export type InsightsLoadMode = 'generate' | 'read' | 'floor' | 'idle';
export const INSIGHTS_LOAD_MODES: readonly InsightsLoadMode[] = ['generate', 'read', 'floor', 'idle'];

/** One request of the load: the agent's token, the contact (its phone) and, to generate, the conversation asked from. */
export interface InsightsLoadRequest {
  readonly token: string;
  readonly workspaceId: string;
  readonly phone: string;
  readonly conversationId: string;
}

export interface InsightsLoadOptions {
  readonly baseUrl: string;
  readonly requestsFile: string;
  /**
   * `generate`: POST insights (each request once); `read`: GET insights; `floor`: GET /health (the same
   * HTTP server, no query); `idle`: no request at all (what the load generator's own scheduling adds).
   */
  readonly mode: InsightsLoadMode;
  readonly load: SteadyLoad;
  /** Open loop: how long the run lasts. */
  readonly seconds: number;
  /** Untimed requests first (connections, JIT, the server's caches); `read` only: a generation is not repeatable. */
  readonly warmup: number;
}

/**
 * The load generator of `bench insights`, in its own process (as the agent desktop's backend would be):
 * Node's fetch (undici, keep-alive connections), every answer checked (201 or 200, JSON, insights of
 * the workspace, from the built-in generator), so the figures are those of real answers.
 */
export async function insightsLoad(options: InsightsLoadOptions): Promise<LatencyFigures> {
  const requests = JSON.parse(readFileSync(options.requestsFile, 'utf8')) as InsightsLoadRequest[];
  const generate = options.mode === 'generate';
  const floor = async () => {
    const response = await fetch(`${options.baseUrl}/health`);
    const text = await response.text();
    if (response.status !== 200 || (JSON.parse(text) as { status?: string }).status !== 'ok')
      throw new Error(`GET /health: HTTP ${response.status} ${text}`);
  };
  const call = async (index: number) => {
    if (options.mode === 'idle') return;
    if (options.mode === 'floor') return floor();
    const request = requests[index % requests.length];
    const response = await fetch(
      `${options.baseUrl}/v1/workspaces/${request.workspaceId}/contacts/${encodeURIComponent(request.phone)}/insights`,
      {
        method: generate ? 'POST' : 'GET',
        headers: {
          authorization: `Bearer ${request.token}`,
          ...(generate ? { 'content-type': 'application/json' } : {}),
        },
        ...(generate ? { body: JSON.stringify({ conversationId: request.conversationId }) } : {}),
      },
    );
    const text = await response.text();
    if (response.status !== (generate ? 201 : 200))
      throw new Error(`${generate ? 'POST' : 'GET'} ${request.phone}: HTTP ${response.status} ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { workspaceId?: string; generator?: { kind?: string }; sources?: unknown[] };
    if (body.workspaceId !== request.workspaceId || body.generator?.kind !== 'builtin' || !body.sources?.length)
      throw new Error(`${request.phone}: not the contact's built-in insights: ${text.slice(0, 300)}`);
  };
  if (!generate && options.warmup > 0) await measureLatency(options.warmup, 2, call);
  if ('concurrency' in options.load) {
    if (generate && requests.length === 0) throw new Error('no contacts to generate insights for');
    return measureLatency(generate ? requests.length : Math.max(requests.length, 1), options.load.concurrency, call);
  }
  return measureOpenLoop(Math.round(options.load.perSecond * options.seconds), options.load.perSecond, call);
}
