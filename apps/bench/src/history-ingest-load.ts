import { Agent, request } from 'node:http';
import { syntheticEvents } from '@app/events/testing/synthetic-events';

/** Ids of the events this load sends start with it (and a run's own tag): a kept store tells them from its data set. */
export const INGESTED_ID_PREFIX = 'live-';

export interface IngestLoadOptions {
  /** serve's HTTP address. */
  readonly baseUrl: string;
  /** Events offered per second, one per request. */
  readonly perSecond: number;
  /** The history bench's contacts, so new events land on the contacts its calls ask about. */
  readonly contacts: number;
  /** Event times are spread over the day before this instant: after the bench's data set, so the events are new. */
  readonly end: Date;
  /** Requests in flight at most: when serve is behind, events are not sent rather than queued here. */
  readonly inFlight: number;
  /** Resolves when the load must stop. */
  readonly stop: Promise<void>;
}

export interface IngestFigures {
  readonly seconds: number;
  readonly offered: number;
  /** Offered while `inFlight` requests were already waiting: serve was behind. */
  readonly notSent: number;
  readonly accepted: number;
  readonly duplicates: number;
  /** Answers other than 200 (or no answer), by status. */
  readonly failed: Readonly<Record<string, number>>;
  /** Accepted events per second. */
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * HTTP ingest beside the history bench's gRPC load, in its own process: one CloudEvent per
 * `POST /v1/events` (structured mode), as a telephony platform's webhook sends them, at a fixed rate
 * until told to stop. Events are new synthetic ones (their own id prefix, dated after the data set), so
 * every one is appended and projected. Plain `node:http` with keep-alive connections: fetch would cost
 * the shared cores more than the server it measures.
 */
export async function ingestLoad(options: IngestLoadOptions): Promise<IngestFigures> {
  const url = new URL('/v1/events', options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.inFlight });
  const events = syntheticEvents(Number.POSITIVE_INFINITY, {
    seed: 7,
    contacts: options.contacts,
    end: options.end,
    days: 1,
    idPrefix: `${INGESTED_ID_PREFIX}${Date.now().toString(36)}`,
  });
  const failed: Record<string, number> = {};
  const durations: number[] = [];
  let stopping = false;
  void options.stop.then(() => (stopping = true));
  let offered = 0;
  let notSent = 0;
  let accepted = 0;
  let duplicates = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const post = (body: string) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const fail = (kind: string) => {
        failed[kind] = (failed[kind] ?? 0) + 1;
        resolve();
      };
      const outgoing = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/cloudevents+json' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () => fail('response error'));
        response.on('end', () => {
          durations.push(performance.now() - started);
          if (response.statusCode !== 200) return fail(`HTTP ${response.statusCode}`);
          const outcome = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { accepted: number; duplicates: number };
          accepted += outcome.accepted;
          duplicates += outcome.duplicates;
          resolve();
        });
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => fail(`request error ${error.code ?? error.message}`));
      outgoing.end(body);
    });
  const interval = 1000 / options.perSecond;
  const started = performance.now();
  while (!stopping) {
    const due = Math.floor((performance.now() - started) / interval) + 1;
    for (; offered < due; offered++) {
      if (inFlight >= options.inFlight) {
        notSent += 1;
        continue;
      }
      inFlight += 1;
      const sent = post(JSON.stringify(events.next().value)).finally(() => {
        inFlight -= 1;
        pending.delete(sent);
      });
      pending.add(sent);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, started + offered * interval - performance.now())));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pending);
  agent.destroy();
  durations.sort((left, right) => left - right);
  const at = (rank: number) => durations[Math.min(durations.length - 1, Math.floor(rank * durations.length))] ?? 0;
  return { seconds, offered, notSent, accepted, duplicates, failed, perSecond: accepted / seconds, p50: at(0.5), p99: at(0.99) };
}
