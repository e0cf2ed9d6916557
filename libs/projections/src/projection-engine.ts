import { type EventStore, MAX_PAGE_SIZE, type StoredEvent } from '@app/event-store';
import { type HindsightEvent, isSharedWithContact } from '@app/events';
import { type DocumentProjection, documentId, foldEvents } from '@app/history';
import type { DocumentReference, DocumentWrite, ReadModelStore } from './read-model-store.port';
import type { IndexEntry } from '@app/history';
import type { BackgroundProjection } from './background-projection.port';

const entryId = (entry: IndexEntry) =>
  `${entry.index}\u0000${entry.workspaceId}\u0000${entry.identifier}\u0000${entry.scope}\u0000${entry.sortKey}`;

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
 *
 * Commits are pipelined: while batch N commits (on the writer thread, when the write side runs in
 * threads), batch N+1 is read and folded over the documents N wrote, kept here until N is committed;
 * its commit starts when N's has landed. Each commit still checks that the checkpoint is where the previous
 * one left it, and if N fails, N+1 is not attempted; the engine then forgets what they wrote and starts again from
 * the stored checkpoint.
 */
export class ProjectionEngine implements BackgroundProjection {
  readonly projector: string;
  private readonly batchSize: number;
  private readonly idleMilliseconds: number;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  /** A wake that came while a batch was running: look again before idling. */
  private woken = false;
  /** The stored checkpoint, as far as this engine knows. */
  private committed: number | undefined;
  /** Where the next batch starts: ahead of `committed` while commits are in flight. */
  private position: number | undefined;
  /** Documents written by batches not yet known to be committed (undefined: deleted), by batch. */
  private readonly uncommitted = new Map<string, { readonly batch: number; readonly document: unknown }>();
  private batches = 0;
  private lastCommit: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | undefined;
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

  /** The position of the last event applied and committed. */
  async checkpoint(): Promise<number> {
    this.committed ??= await this.readModels.checkpoint(this.projector);
    return this.committed;
  }

  /** Applies one batch and waits for its commit; returns how many events it applied (0 when caught up). */
  async step(): Promise<number> {
    const applied = await this.advance();
    await this.settled();
    return applied;
  }

  /**
   * Folds one batch and starts its commit, once the previous one has landed; returns how many events it
   * folded (0 when caught up, once every commit has landed). Throws when a commit failed.
   */
  private async advance(): Promise<number> {
    const started = performance.now();
    this.position ??= await this.checkpoint();
    const from = this.position;
    const stored = await this.readBatch(from);
    if (stored.length === 0) {
      await this.settled();
      return 0;
    }
    // Stored events were validated on the way in; decoding is all that is needed.
    const batch = stored.map((event) => JSON.parse(event.payload) as HindsightEvent);
    const references = new Map<string, DocumentReference>();
    for (const event of batch) {
      // `foldEvents` skips internal events: no document to load or rewrite for them.
      if (!isSharedWithContact(event)) continue;
      for (const projection of this.projections) {
        const key = projection.keyOf(event);
        if (key !== undefined) references.set(documentId(projection.collection, key), { collection: projection.collection, key });
      }
    }
    const documents = await this.load(references);
    const before = new Map(documents);
    foldEvents(this.projections, batch, documents);
    const number = ++this.batches;
    const writes: DocumentWrite[] = [...references.entries()].map(([id, reference]) => {
      const projection = this.byCollection.get(reference.collection)!;
      const document = documents.get(id);
      this.uncommitted.set(id, { batch: number, document });
      const entriesOf = (value: unknown) => (value === undefined ? [] : (projection.indexEntries?.(value) ?? []));
      const documentJson = document === undefined ? undefined : JSON.stringify(document);
      return { ...reference, documentJson, ...indexDifference(entriesOf(before.get(id)), entriesOf(document)) };
    });
    const to = stored[stored.length - 1].position;
    const previous = this.lastCommit;
    // Commits go one after the other (a store may run concurrent transactions; their order is the log's).
    this.lastCommit = previous.then(async () => {
      if (this.failure) return;
      try {
        await this.readModels.commit(this.projector, writes, from, to);
      } catch (error) {
        this.failure = { error };
        return;
      }
      this.committed = to;
      for (const id of references.keys()) if (this.uncommitted.get(id)?.batch === number) this.uncommitted.delete(id);
      this.options.onBatch?.({ checkpoint: to, events: batch.length, milliseconds: performance.now() - started });
    });
    this.position = to;
    await previous;
    if (this.failure) await this.settled();
    return batch.length;
  }

  /** Current documents: those of batches still committing, else the stored ones. */
  private async load(references: ReadonlyMap<string, DocumentReference>): Promise<Map<string, unknown>> {
    // Taken before reading: a commit landing during the read forgets its documents here.
    const pending = new Map(
      [...references.keys()].flatMap((id) => {
        const entry = this.uncommitted.get(id);
        return entry === undefined ? [] : [[id, entry.document] as const];
      }),
    );
    const documents = await this.readModels.load([...references].filter(([id]) => !pending.has(id)).map(([, reference]) => reference));
    for (const [id, document] of pending) if (document !== undefined) documents.set(id, document);
    return documents;
  }

  /** Waits for the commits in flight; after a failure, forgets what they wrote and throws. */
  private async settled(): Promise<void> {
    await this.lastCommit;
    const failure = this.failure;
    if (!failure) return;
    this.failure = undefined;
    this.uncommitted.clear();
    this.position = undefined;
    this.committed = undefined;
    throw failure.error;
  }

  /** Up to `batchSize` events after `from`, in store pages. */
  private async readBatch(from: number): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for (let position = from + 1; events.length < this.batchSize;) {
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
    try {
      for (let applied = await this.advance(); applied > 0; applied = await this.advance()) total += applied;
    } catch (error) {
      // Nothing left running behind the caller's back (it may close the stores next).
      await this.lastCommit;
      throw error;
    }
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
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
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
      this.woken = false;
      try {
        applied = await this.advance();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (applied === 0 && !this.stopping && !this.woken) {
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
    // Stopped: the last batch's commit lands before `stop()` resolves.
    await this.settled().catch((error: unknown) => this.options.onError?.(error));
  }
}
