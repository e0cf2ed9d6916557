import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@app/clock';
import { openEventStore } from '@app/event-store';
import { type HindsightEvent, validateEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { HINDSIGHT_PROJECTIONS, type HistoryRequest } from '@app/history';
import { openReadModelStore, ProjectionEngine, ReadModelHistoryQuery } from '@app/projections';
import type { Transport } from './grpc.transport';
import { describeLoad, formatLatency, type LatencyFigures, type Load, measureLatency } from './latency';
import { now, peakRss, perSecond, printTable } from './measure';

export interface HistoryBenchOptions {
  readonly events: number;
  readonly contacts: number;
  readonly queries: number;
  /** Copy the event log (before projection) to this SQLite path, to rerun `hindsight project` on it. */
  readonly keepStore?: string;
  /** Transports to measure too (gRPC), each given the projected store. */
  readonly transports?: readonly Transport[];
}

const END = new Date('2026-11-01T00:00:00Z');

/**
 * Over gRPC: the saturating runs (1 and 32 calls in flight, each starting when the previous
 * answer arrives), then callers arriving at fixed rates, the way a voice agent's calls do: latency
 * there is what a call waits at that traffic, not the queue a saturating client builds up.
 */
const TRANSPORT_LOADS: readonly Load[] = [{ concurrency: 1 }, { concurrency: 32 }, { perSecond: 500 }, { perSecond: 2000 }];

export async function benchHistory(options: HistoryBenchOptions): Promise<void> {
  console.log(
    `bench:history: ${options.events.toLocaleString('en-US')} events, ${options.contacts.toLocaleString('en-US')} contacts, 20 inboxes, embedded SQLite store, Node ${process.version}`,
  );
  const directory = mkdtempSync(join(tmpdir(), 'hindsight-bench-history-'));
  const url = `sqlite:${join(directory, 'hindsight.db')}`;
  try {
    let events = await openEventStore(url);
    const requests: HistoryRequest[] = [];
    let batch: HindsightEvent[] = [];
    let appendMs = 0;
    for (const raw of syntheticEvents(options.events, { contacts: options.contacts, workspaces: 2, inboxesPerWorkspace: 10, end: END })) {
      const result = validateEvent(raw);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      batch.push(result.event);
      const data = raw.data as { inboxId?: string; contact?: { phone?: string } };
      // Callers of the last three weeks, so answers are not empty.
      if (
        data.inboxId &&
        data.contact?.phone &&
        requests.length < options.queries &&
        Date.parse(raw.time) > END.getTime() - 21 * 86_400_000
      ) {
        requests.push({
          workspaceId: String(raw.data.workspaceId),
          inboxId: data.inboxId,
          phone: data.contact.phone,
          at: END.toISOString(),
        });
      }
      if (batch.length === 5000) {
        const started = now();
        await events.append(batch);
        appendMs += now() - started;
        batch = [];
      }
    }
    if (batch.length > 0) await events.append(batch);
    if (options.keepStore) {
      await events.close();
      copyFileSync(join(directory, 'hindsight.db'), options.keepStore);
      console.log(`event log copied to ${options.keepStore}`);
      events = await openEventStore(url);
    }

    const readModels = await openReadModelStore(url);
    const engine = new ProjectionEngine(events, readModels, HINDSIGHT_PROJECTIONS, { batchSize: 5000 });
    let started = now();
    const projected = await engine.catchUp();
    const projectMs = now() - started;
    printTable('Ingest and projection', [
      { step: 'append (validated events, batches of 5,000)', 'events/s': perSecond(options.events, appendMs) },
      { step: 'projection from zero (all read models, batches of 5,000)', 'events/s': perSecond(projected, projectMs) },
    ]);

    const query = new ReadModelHistoryQuery(readModels, fixedClock(END));
    let found = 0;
    for (const request of requests.slice(0, 1000)) found += (await query.getHistory(request)).activities.length;
    console.log(`warm-up: ${requests.length} distinct requests, ${(found / 1000).toFixed(1)} activities per answer on average`);
    const rows: Array<Record<string, string>> = [];
    for (const concurrency of [1, 32]) {
      const figures: LatencyFigures = await measureLatency(requests.length, concurrency, (index) => query.getHistory(requests[index]));
      rows.push(formatLatency(`in process, concurrency ${concurrency}`, figures));
    }
    for (const transport of options.transports ?? []) {
      const running = await transport.start({ storeUrl: url, query, requests });
      try {
        for (const load of TRANSPORT_LOADS)
          rows.push(formatLatency(`${transport.name}, ${describeLoad(load)}`, await running.measure(load)));
      } finally {
        await running.stop();
      }
    }
    printTable('GetHistory latency', rows);
    started = now();
    console.log(`peak RSS: ${peakRss()}`);
    await readModels.close();
    await events.close();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
