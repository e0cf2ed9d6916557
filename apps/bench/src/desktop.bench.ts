import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { signToken } from '@app/auth/jose-token.signer';
import { loadAverage, openBenchStore } from './bench-store';
import { type LatencyFigures, summarize } from './latency';
import { printTable } from './measure';
import { startServe } from './serve-ready';

export interface DesktopBenchOptions {
  /** `sqlite:PATH`, or a PostgreSQL server URL (the bench uses its own database there); a temporary SQLite file by default. */
  readonly store?: string;
  readonly keepStore: boolean;
  /** Page loads, and live sessions, measured. */
  readonly rounds: number;
  /** Update streams held open on the same contact during the fan-out run (as many desks watching one caller). */
  readonly streams: number;
}

const ROOT = resolve(__dirname, '../../..');
const DESKTOP = join(ROOT, 'dist', 'apps', 'desktop');
const WORKSPACE = 'acme-fr';
const AGENT = 'acme-fr-camille';
const CALLER = '+33612340000';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What the page records of a card, from a MutationObserver: when each session's card first showed each tone. */
interface PageRecorder {
  seen: Record<string, Record<string, number>>;
}

/**
 * `npm run bench:desktop`: the agent desktop on a real `serve` over the demo data, in Debian's Chromium.
 * Prints the bundle's size; cold page loads (navigation to a caller's cards and timeline on screen); and
 * how long a live session takes from the POST of its event to its card on the open page (blue when it
 * starts, white when the customer leaves), alone and with other agents' streams open on the same contact
 * (whose delivery is timed too). Clocks: the bench's Date.now() and the page's, on the same machine.
 */
export async function benchDesktop(options: DesktopBenchOptions): Promise<void> {
  const store = await openBenchStore({ ...options, database: 'hindsight_bench_desktop', temporaryPrefix: 'hindsight-bench-desktop-' });
  console.log(
    `bench:desktop: demo data, ${store.description}, ${options.rounds} rounds, ${options.streams} other streams, ` +
      `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadAverage()}`,
  );
  printTable('The bundle (dist/apps/desktop/assets: what a first visit downloads)', bundleFigures());
  const secret = randomBytes(32).toString('base64url');
  try {
    await promisify(execFile)(join(ROOT, 'bin/hindsight'), ['demo', '--store', store.url], {
      env: { ...process.env, HINDSIGHT_LOG_LEVEL: 'error' },
    });
    const server = await startServe(store.url, secret, { environment: { HINDSIGHT_GRPC_WARMUP_CALLS: '0' } });
    // serve is stopped whatever fails next (a browser that cannot start would leave it holding the bench open).
    const browser = await chromium
      .launch({ executablePath: process.env.HINDSIGHT_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS })
      .catch(async (error: unknown) => {
        await server.stop();
        throw error;
      });
    try {
      const lifetime = { lifetimeSeconds: 3600, now: new Date() };
      const agentToken = await signToken(secret, { sub: AGENT, ws: WORKSPACE }, lifetime);
      const producer = new Producer(server.baseUrl, await signToken(secret, { sub: 'bench-desktop', scope: 'events:write' }, lifetime));
      const link = `${server.baseUrl}/?contact=${encodeURIComponent(CALLER)}#token=${agentToken}`;
      await caughtUp(server.baseUrl, agentToken);

      const loads: number[] = [];
      for (let round = 0; round < options.rounds + 2; round++) {
        const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(link);
        await page.locator('.session-card').first().waitFor();
        await page.locator('.timeline-item').first().waitFor();
        // Two warm-up loads: the server's first reads and Chromium's first start are not an agent's.
        if (round >= 2) loads.push(performance.now() - started);
        await context.close();
      }

      const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(link);
      await page.getByText('En direct').waitFor();
      await recordCards(page);
      const alone = await liveSessions(page, producer, options.rounds, 'alone');
      const streams = await openStreams(server.baseUrl, agentToken, options.streams);
      let crowded: LiveFigures;
      try {
        crowded = await liveSessions(page, producer, options.rounds, 'crowded', streams);
      } finally {
        streams.close();
      }
      await context.close();

      const row = (label: string, figures: LatencyFigures) => ({
        measure: label,
        'p50 ms': figures.p50.toFixed(1),
        'p99 ms': figures.p99.toFixed(1),
        'max ms': figures.max.toFixed(1),
        samples: figures.requests,
      });
      printTable(`The agent desktop in Chromium (${store.description})`, [
        row('cold load: navigation → cards and timeline shown', summarize(loads, loads.length, 1)),
        row('live: POST session.routed+connected → blue card (page alone)', alone.started),
        row('live: POST session.ended → white card (page alone)', alone.ended),
        row(`live: POST → blue card (${options.streams} other streams open)`, crowded.started),
        row(`live: POST → white card (${options.streams} other streams open)`, crowded.ended),
        ...(crowded.fanOut ? [row(`live: POST → the last of ${options.streams} streams told`, crowded.fanOut)] : []),
      ]);
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    await store.cleanup();
  }
}

/** serve is ready before its projector has caught up with the demo's events: the loads wait for the caller's sessions. */
async function caughtUp(baseUrl: string, token: string): Promise<void> {
  const read = async (path: string) => {
    const response = await fetch(`${baseUrl}/v1/workspaces/${WORKSPACE}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return response.ok ? ((await response.json()) as { sessions?: unknown[] }) : undefined;
  };
  for (let waited = 0; waited < 120_000; waited += 200) {
    if ((await read('/me')) && ((await read(`/contacts/${encodeURIComponent(CALLER)}/sessions`))?.sessions?.length ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the demo was never projected');
}

function bundleFigures(): Array<Record<string, string>> {
  const files = readdirSync(join(DESKTOP, 'assets')).filter((name) => !name.endsWith('.map'));
  const rows = ['index.html', ...files.map((name) => join('assets', name))].map((name) => {
    const body = readFileSync(join(DESKTOP, name));
    return { file: name, KiB: (body.length / 1024).toFixed(1), 'gzip KiB': (gzipSync(body).length / 1024).toFixed(1) };
  });
  return rows;
}

class Producer {
  private sequence = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async post(type: string, data: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${this.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({
        specversion: '1.0',
        id: `bench-desktop-${process.pid}-${++this.sequence}`,
        source: 'urn:bench-desktop',
        type,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        data: { workspaceId: WORKSPACE, ...data },
      }),
    });
    if (!response.ok) throw new Error(`POST /v1/events answered ${response.status}: ${await response.text()}`);
  }
}

/** Installs the page's recorder: the time each session card first shows each tone, as the DOM changes. */
async function recordCards(page: Page): Promise<void> {
  await page.evaluate(() => {
    const scope = globalThis as unknown as PageRecorder & {
      document: {
        body: unknown;
        querySelectorAll(
          selector: string,
        ): Iterable<{ getAttribute(name: string): string | null; querySelector(selector: string): { className: string } | null }>;
      };
      MutationObserver: new (callback: () => void) => { observe(target: unknown, options: unknown): void };
    };
    scope.seen = {};
    new scope.MutationObserver(() => {
      const at = Date.now();
      for (const item of scope.document.querySelectorAll('[data-session-id]')) {
        const id = item.getAttribute('data-session-id')!;
        const tone = /tone-([a-z-]+)/.exec(item.querySelector('.session-card')?.className ?? '')?.[1];
        if (!tone) continue;
        const tones = (scope.seen[id] ??= {});
        tones[tone] ??= at;
      }
    }).observe(scope.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  });
}

interface LiveFigures {
  started: LatencyFigures;
  ended: LatencyFigures;
  fanOut?: LatencyFigures;
}

async function liveSessions(page: Page, producer: Producer, rounds: number, label: string, streams?: OpenStreams): Promise<LiveFigures> {
  const started: number[] = [];
  const ended: number[] = [];
  const fanOut: number[] = [];
  const toneSeen = (sessionId: string, tone: string) =>
    page.waitForFunction(([id, wanted]) => (globalThis as unknown as PageRecorder).seen[id]?.[wanted], [sessionId, tone], {
      polling: 50,
      timeout: 30_000,
    });
  for (let round = 0; round < rounds; round++) {
    const sessionId = `bench-desktop-${label}-${process.pid}-${round}`;
    const begin = Date.now();
    const told = streams?.told(sessionId, 'white');
    await producer.post('session.routed', {
      sessionId,
      conversationId: `bench-desktop-conversation-${round}`,
      inboxId: 'support-fr',
      channel: 'call',
      direction: 'inbound',
      queueId: 'bench',
      queueName: 'Bench',
      contact: { phone: CALLER },
    });
    await producer.post('session.connected', { sessionId, agent: { id: AGENT, name: 'Camille' } });
    started.push(Number(await (await toneSeen(sessionId, 'active')).jsonValue()) - begin);
    const end = Date.now();
    await producer.post('session.ended', { sessionId, endedBy: 'customer' });
    ended.push(Number(await (await toneSeen(sessionId, 'abandoned')).jsonValue()) - end);
    if (told) fanOut.push((await told) - end);
  }
  return {
    started: summarize(started, started.length, 1),
    ended: summarize(ended, ended.length, 1),
    ...(streams ? { fanOut: summarize(fanOut, fanOut.length, 1) } : {}),
  };
}

interface OpenStreams {
  /** Resolves with the time the last stream was told the session's card took this colour. */
  told(sessionId: string, colour: string): Promise<number>;
  close(): void;
}

/** More update streams on the same contact (raw fetch, as the page reads them; the agent's token), each parsing its events. */
async function openStreams(baseUrl: string, token: string, count: number): Promise<OpenStreams> {
  const abort = new AbortController();
  const waiting = new Map<string, { remaining: number; resolve: (at: number) => void }>();
  const url = `${baseUrl}/v1/workspaces/${WORKSPACE}/contacts/${encodeURIComponent(CALLER)}/updates`;
  const opened = await Promise.all(
    Array.from({ length: count }, () => fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal })),
  );
  for (const response of opened) {
    if (!response.ok || !response.body) throw new Error(`a stream was refused: ${response.status}`);
    void (async () => {
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (!frame.includes('event: session') || !data) continue;
          const card = JSON.parse(data) as { sessionId: string; colour: string };
          const entry = waiting.get(`${card.sessionId}/${card.colour}`);
          if (entry && --entry.remaining === 0) entry.resolve(Date.now());
        }
      }
    })().catch(() => undefined);
  }
  return {
    told: (sessionId, colour) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not every stream was told of ${sessionId} within 30 s`)), 30_000);
        waiting.set(`${sessionId}/${colour}`, {
          remaining: count,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        });
      }),
    close: () => abort.abort(),
  };
}
