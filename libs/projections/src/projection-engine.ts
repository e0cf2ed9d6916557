import { type EventStore, MAX_PAGE_SIZE, type StoredEvent } from '@app/event-store';
import type { HindsightEvent } from '@app/events';
import { type DocumentProjection, documentId, foldEvents } from '@app/history';
import type { DocumentReference, DocumentWrite, ReadModelStore } from './read-model-store.port';
import type { IndexEntry } from '@app/history';
import type { BackgroundProjection } from './background-projection.port';

const entryId = (entry: IndexEntry) => `${entry.index}\u0000${entry.workspaceId}\u0000${entry.identifier}\u0000${entry.scope}\u0000${entry.sortKey}`;

function indexDifference(previous: readonly IndexEntry[], next: readonly IndexEntry[]) {
  const previousIds = new Set(previous.map(entryId));
  const nextIds = new Set(next.map(entryId));
  return {
    addedIndexEntries: next.filter((entry) => !previousIds.has(entryId(entry))),
    removedIndexEntries: previous.filter((entry) => !nextIds.has(entryId(entry))),
  };
}

export interface ProjectionEngineOptions {
  /** Name of the checkpoint (one per set of projections). */
  readonly projector?: string;
  readonly batchSize?: number;
  /** How long an idle engine waits before looking for new events when nobody wakes it. */
  readonly idleMilliseconds?: number;
  readonly onBatch?: (progress: { readonly checkpoint: number; readonly events: number; readonly milliseconds: number }) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Catch-up subscription: reads the log after the stored checkpoint in batches, folds each batch through
 * the pure projections, and commits the changed documents with the new checkpoint in one transaction.
 * A crash anywhere leaves either the whole batch and its checkpoint, or neither: nothing is applied
 * twice or skipped. The projections are pure; this is the only impure part.
 */
export class ProjectionEngine implements BackgroundProjection {
  readonly projector: string;
  private readonly batchSize: number;
  private readonly idleMilliseconds: number;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private position: number | undefined;
  private readonly byCollection: ReadonlyMap<string, DocumentProjection<unknown>>;

  constructor(
    private readonly events: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly projections: ReadonlyArray<DocumentProjection<unknown>>,
    private readonly options: ProjectionEngineOptions = {},
  ) {
    this.projector = options.projector ?? 'hindsight';
    this.batchSize = options.batchSize ?? 2000;
    this.idleMilliseconds = options.idleMilliseconds ?? 250;
    this.byCollection = new Map(projections.map((projection) => [projection.collection, projection]));
  }

  /** The position of the last event applied. */
  async checkpoint(): Promise<number> {
    this.position ??= await this.readModels.checkpoint(this.projector);
    return this.position;
  }

  /** Applies one batch; returns how many events it applied (0 when caught up). */
  async step(): Promise<number> {
    const started = performance.now();
    const from = await this.checkpoint();
    const stored = await this.readBatch(from);
    if (stored.length === 0) return 0;
    // Stored events were validated on the way in; decoding is all that is needed.
    const batch = stored.map((event) => JSON.parse(event.payload) as HindsightEvent);
    const references = new Map<string, DocumentReference>();
    for (const event of batch) {
      for (const projection of this.projections) {
        const key = projection.keyOf(event);
        if (key !== undefined) references.set(documentId(projection.collection, key), { collection: projection.collection, key });
      }
    }
    const documents = await this.readModels.load([...references.values()]);
    const before = new Map(documents);
    foldEvents(this.projections, batch, documents);
    const writes: DocumentWrite[] = [...references.entries()].map(([id, reference]) => {
      const projection = this.byCollection.get(reference.collection)!;
      const document = documents.get(id);
      const entriesOf = (value: unknown) => (value === undefined ? [] : (projection.indexEntries?.(value) ?? []));
      return { ...reference, document, ...indexDifference(entriesOf(before.get(id)), entriesOf(document)) };
    });
    const to = stored[stored.length - 1].position;
    try {
      await this.readModels.commit(this.projector, writes, from, to);
      this.position = to;
    } catch (error) {
      this.position = undefined;
      throw error;
    }
    this.options.onBatch?.({ checkpoint: to, events: batch.length, milliseconds: performance.now() - started });
    return batch.length;
  }

  /** Up to `batchSize` events after `from`, in store pages. */
  private async readBatch(from: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for (let position = from + 1; events.length < this.batchSize; ) {
      const page = await this.events.read({ fromPosition: position, limit: Math.min(MAX_PAGE_SIZE, this.batchSize - events.length) });
      events.push(...page.events);
      if (page.endOfLog || page.events.length === 0) break;
      position = page.nextPosition;
    }
    return events;
  }

  /** Applies batches until the log's head (as it is while catching up). */
  async catchUp(): Promise<number> {
    let total = 0;
    for (let applied = await this.step(); applied > 0; applied = await this.step()) total += applied;
    return total;
  }

  /** Runs in the background until `stop()`: catches up, then waits to be woken or for the idle delay. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  /** New events were appended in this process: look now rather than after the idle delay. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let applied = 0;
      try {
        applied = await this.step();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (applied === 0 && !this.stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.idleMilliseconds);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    }
  }
}
