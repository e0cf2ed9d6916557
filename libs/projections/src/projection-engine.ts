import { type Clock, systemClock } from '@app/clock';
import { type EventStore, MAX_PAGE_SIZE, type StoredEvent } from '@app/event-store';
import { type HindsightEvent, isSharedWithContact } from '@app/events';
import { type DocumentProjection, documentId, foldError, foldEventsGuarded } from '@app/history';
import type {
  DocumentReference,
  DocumentWrite,
  QuarantineChanges,
  QuarantineEntry,
  QuarantineFailure,
  QuarantineKey,
  ReadModelStore,
} from './read-model-store.port';
import type { CommittedDocument, IndexEntry } from '@app/history';
import type { BackgroundProjection, QuarantineSummary } from './background-projection.port';
import { DEFAULT_LINGER_MILLISECONDS, projectorPause } from './projector-pause.rule';

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

const quarantineId = (key: QuarantineKey) => `${key.position}\u0000${key.collection}`;

/** Index entries of a document its projection cannot index are treated as none (see `writes`). */
function guarded<T>(work: () => T, fallback: T): T {
  try {
    return work();
  } catch {
    return fallback;
  }
}

/** A quarantined event read back from the log, to fold again into its one projection. */
interface Refold {
  readonly entry: QuarantineEntry;
  readonly event: HindsightEvent | undefined;
}

export interface ProjectionEngineOptions {
  /** Name of the checkpoint (one per set of projections). */
  readonly projector?: string;
  readonly batchSize?: number;
  /** How long an idle engine waits before looking for new events when nobody wakes it. */
  readonly idleMilliseconds?: number;
  /** How long a running engine waits after a batch that caught up before reading again (`projectorPause`). */
  readonly lingerMilliseconds?: number;
  readonly onBatch?: (progress: { readonly checkpoint: number; readonly events: number; readonly milliseconds: number }) => void;
  readonly onError?: (error: unknown) => void;
  /** After each commit that quarantined events or re-folded quarantined ones (log them: ids and errors only). */
  readonly onQuarantine?: (report: { readonly failed: readonly QuarantineFailure[]; readonly refolded: readonly QuarantineKey[] }) => void;
  /** Stamps quarantine entries. */
  readonly clock?: Clock;
  /** After each commit, the documents it changed (live views); asked for each batch, so a projector nobody watches pays nothing. */
  readonly onCommitted?: { readonly wanted: () => boolean; readonly committed: (documents: readonly CommittedDocument[]) => void };
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
 *
 * No event stops it (quarantine): when a projection cannot fold an event (its keyOf, reducer or index
 * entries throw), that projection's document stays as it was before the event, a quarantine entry
 * (position, event id, type, workspace, projection, error) commits with the batch, and the batch goes
 * on. `hindsight quarantine retry` marks entries; each batch starts by asking for marked entries (one
 * query on a partial index, also when idle), reads those events again by position and folds each into
 * its projection's current documents before the batch's events: the entry is deleted, or keeps the new
 * error with one more attempt. A re-fold therefore applies an old event on top of newer ones: right for
 * reducers that compare event times (every projection of libs/history), see the README for the limits.
 * The re-fold commit moves a re-fold count that every commit checks, like the checkpoint, so a projector
 * holding uncommitted documents elsewhere (a running `serve`) sees the conflict and starts again.
 */
export class ProjectionEngine implements BackgroundProjection {
  readonly projector: string;
  private readonly batchSize: number;
  private readonly idleMilliseconds: number;
  private readonly lingerMilliseconds: number;
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
  /** The re-fold count the next commit expects (moved by batches that re-fold, as `position` is). */
  private refoldCount: number | undefined;
  /** Quarantine entries re-folded by batches not yet committed, by batch: not to be re-folded twice. */
  private readonly refoldsInFlight = new Map<string, number>();
  private quarantinedSinceStart = 0;
  private readonly clock: Clock;
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
    this.lingerMilliseconds = options.lingerMilliseconds ?? DEFAULT_LINGER_MILLISECONDS;
    this.byCollection = new Map(projections.map((projection) => [projection.collection, projection]));
    this.clock = options.clock ?? systemClock;
  }

  /** The position of the last event applied and committed. */
  async checkpoint(): Promise<number> {
    this.committed ??= await this.readModels.checkpoint(this.projector);
    return this.committed;
  }

  /** Quarantine entries by projection (collection), and how many folds this engine quarantined since it was made. */
  async quarantine(): Promise<QuarantineSummary> {
    return { entries: await this.readModels.quarantineCounts(this.projector), sinceStart: this.quarantinedSinceStart };
  }

  /** Applies one batch and waits for its commit; returns how many events it applied, re-folds included (0 when caught up). */
  async step(): Promise<number> {
    const applied = await this.advance();
    await this.settled();
    return applied;
  }

  /**
   * Folds one batch (requested re-folds first) and starts its commit, once the previous one has landed;
   * returns how many events it folded (0 when caught up, once every commit has landed). Throws when a
   * commit failed.
   */
  private async advance(): Promise<number> {
    const started = performance.now();
    if (this.position === undefined || this.refoldCount === undefined) {
      const state = await this.readModels.checkpointState(this.projector);
      this.committed = this.position = state.position;
      this.refoldCount = state.refolds;
    }
    const from = this.position;
    const refoldsFrom = this.refoldCount;
    const refolds = await this.readRefolds();
    const stored = await this.readBatch(from);
    if (stored.length === 0 && refolds.length === 0) {
      await this.settled();
      return 0;
    }
    // Stored events were validated on the way in; decoding is all that is needed.
    const batch = stored.map((event) => JSON.parse(event.payload) as HindsightEvent);
    const references = new Map<string, DocumentReference>();
    const reference = (projection: DocumentProjection<unknown>, event: HindsightEvent) => {
      let key: string | undefined;
      try {
        key = projection.keyOf(event);
      } catch {
        return; // The fold throws too, and quarantines the event.
      }
      if (key !== undefined) references.set(documentId(projection.collection, key), { collection: projection.collection, key });
    };
    for (const { entry, event } of refolds) {
      const projection = this.byCollection.get(entry.collection);
      if (projection && event) reference(projection, event);
    }
    for (const event of batch) {
      // `foldEventsGuarded` skips internal events: no document to load or rewrite for them.
      if (!isSharedWithContact(event)) continue;
      for (const projection of this.projections) reference(projection, event);
    }
    const documents = await this.load(references);
    const before = new Map(documents);
    const now = this.clock.now().toISOString();
    const failed: QuarantineFailure[] = [];
    const refolded: QuarantineKey[] = [];
    for (const { entry, event } of refolds) {
      const error = this.refold(entry, event, documents);
      const key = { position: entry.position, collection: entry.collection };
      if (error === undefined) refolded.push(key);
      else failed.push({ ...key, ...this.identify(entry, event), ...this.describe(error), failedAt: now });
    }
    for (const failure of foldEventsGuarded(this.projections, batch, documents).quarantined) {
      const { position } = stored[failure.index];
      failed.push({
        position,
        collection: failure.collection,
        ...this.identify(undefined, failure.event),
        ...this.describe(failure.error),
        failedAt: now,
      });
    }
    const number = ++this.batches;
    // A reducer that changed nothing returns the document it was given (they are pure): no write for it.
    const changed = [...references.entries()].filter(([id]) => documents.get(id) !== before.get(id));
    const writes: DocumentWrite[] = changed.map(([id, reference]) => {
      const projection = this.byCollection.get(reference.collection)!;
      const document = documents.get(id);
      this.uncommitted.set(id, { batch: number, document });
      // A document stored before a projection changed may no longer index: keep the batch going.
      const entriesOf = (value: unknown) => (value === undefined ? [] : guarded(() => projection.indexEntries?.(value) ?? [], []));
      const documentJson = document === undefined ? undefined : JSON.stringify(document);
      return { ...reference, documentJson, ...indexDifference(entriesOf(before.get(id)), entriesOf(document)) };
    });
    for (const { entry } of refolds) this.refoldsInFlight.set(quarantineId(entry), number);
    const quarantine: QuarantineChanges = {
      refolds: { from: refoldsFrom, to: refoldsFrom + (refolds.length > 0 ? 1 : 0) },
      failed,
      refolded,
    };
    // Only re-folds: the checkpoint stays where it is, the re-fold count moves.
    const to = stored.length > 0 ? stored[stored.length - 1].position : from;
    const live = this.options.onCommitted?.wanted()
      ? changed.map(([id, reference]) => ({ collection: reference.collection, key: reference.key, document: documents.get(id) }))
      : undefined;
    const previous = this.lastCommit;
    // Commits go one after the other (a store may run concurrent transactions; their order is the log's).
    this.lastCommit = previous.then(async () => {
      if (this.failure) return;
      try {
        await this.readModels.commit(this.projector, writes, from, to, quarantine);
      } catch (error) {
        this.failure = { error };
        return;
      }
      this.committed = to;
      for (const id of references.keys()) if (this.uncommitted.get(id)?.batch === number) this.uncommitted.delete(id);
      for (const { entry } of refolds)
        if (this.refoldsInFlight.get(quarantineId(entry)) === number) this.refoldsInFlight.delete(quarantineId(entry));
      if (failed.length > 0 || refolded.length > 0) {
        this.quarantinedSinceStart += failed.length;
        this.options.onQuarantine?.({ failed, refolded });
      }
      this.options.onBatch?.({ checkpoint: to, events: batch.length, milliseconds: performance.now() - started });
      // After the commit: a view told of a change must find it when it reads.
      if (live && live.length > 0) this.options.onCommitted?.committed(live);
    });
    this.position = to;
    this.refoldCount = quarantine.refolds.to;
    await previous;
    if (this.failure) await this.settled();
    return batch.length + refolds.length;
  }

  /** Entries marked for a re-fold and not in a batch still committing, with their events read back from the log. */
  private async readRefolds(): Promise<Refold[]> {
    // Taken before reading: a commit landing during the read has already cleared its entries' marks.
    const inFlight = new Set(this.refoldsInFlight.keys());
    const entries = (await this.readModels.refoldsRequested(this.projector)).filter((entry) => !inFlight.has(quarantineId(entry)));
    const events = new Map<number, HindsightEvent | undefined>();
    for (const { position } of entries) {
      if (events.has(position)) continue;
      const [stored] = (await this.events.read({ fromPosition: position, limit: 1 })).events;
      events.set(position, stored?.position === position ? (JSON.parse(stored.payload) as HindsightEvent) : undefined);
    }
    return entries.map((entry) => ({ entry, event: events.get(entry.position) }));
  }

  /** Folds a quarantined event into its projection's current documents; returns what it threw, if it did. */
  private refold(entry: QuarantineEntry, event: HindsightEvent | undefined, documents: Map<string, unknown>): unknown {
    const projection = this.byCollection.get(entry.collection);
    if (!projection) return new Error(`no projection keeps the collection ${entry.collection}`);
    if (!event) return new Error(`no event at position ${entry.position}`);
    return foldEventsGuarded([projection], [event], documents).quarantined[0]?.error;
  }

  private identify(entry: QuarantineEntry | undefined, event: HindsightEvent | undefined) {
    return {
      eventId: event?.id ?? entry?.eventId ?? '',
      eventType: event?.type ?? entry?.eventType ?? '',
      workspaceId: event?.data.workspaceId ?? entry?.workspaceId ?? '',
    };
  }

  private describe(error: unknown) {
    const { name, message } = foldError(error);
    return { errorName: name, errorMessage: message };
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
    this.refoldsInFlight.clear();
    this.position = undefined;
    this.refoldCount = undefined;
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

  /** Waits `milliseconds`; a wake cuts it short when `wakeable`, a stop always does. */
  private async pause(milliseconds: number, wakeable: boolean): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, milliseconds);
      this.wakeUp = () => {
        if (!wakeable && !this.stopping) return;
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }

  private async loop(): Promise<void> {
    const timing = { batchSize: this.batchSize, lingerMilliseconds: this.lingerMilliseconds, idleMilliseconds: this.idleMilliseconds };
    while (!this.stopping) {
      let applied = 0;
      this.woken = false;
      try {
        applied = await this.advance();
      } catch (error) {
        this.options.onError?.(error);
      }
      const pause = projectorPause(applied, this.woken, timing);
      if (pause.kind !== 'continue' && !this.stopping) await this.pause(pause.milliseconds, pause.kind === 'idle');
    }
    // Stopped: the last batch's commit lands before `stop()` resolves.
    await this.settled().catch((error: unknown) => this.options.onError?.(error));
  }
}
