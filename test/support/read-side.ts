import { fixedClock } from '@app/clock';
import { type EventStore, openEventStore } from '@app/event-store';
import type { HindsightEvent } from '@app/events';
import { HINDSIGHT_PROJECTIONS } from '@app/history';
import { openReadModelStore, ProjectionEngine, ReadModelHistoryQuery, type ReadModelStore } from '@app/projections';

export interface ReadSide {
  readonly events: EventStore;
  readonly readModels: ReadModelStore;
  readonly engine: ProjectionEngine;
  readonly query: ReadModelHistoryQuery;
  close(): Promise<void>;
}

/** The real read side on a store URL: event store, read models, engine and history query. */
export async function openReadSide(url: string, now = '2026-03-22T12:00:00Z', batchSize = 2000): Promise<ReadSide> {
  const events = await openEventStore(url);
  const readModels = await openReadModelStore(url);
  const engine = new ProjectionEngine(events, readModels, HINDSIGHT_PROJECTIONS, { batchSize });
  const query = new ReadModelHistoryQuery(readModels, fixedClock(now));
  return {
    events,
    readModels,
    engine,
    query,
    close: async () => {
      await engine.stop();
      await readModels.close();
      await events.close();
    },
  };
}

export async function appendAndProject(side: ReadSide, events: readonly HindsightEvent[]): Promise<void> {
  await side.events.append(events);
  await side.engine.catchUp();
}
