import { type EventStore, openEventStore } from '@app/event-store';
import { type HindsightEvent, validateEvent } from '@app/events';
import { syntheticEvents } from '@app/events/testing/synthetic-events';
import { type DocumentProjection, foldEvents, HINDSIGHT_PROJECTIONS, parseDocumentId } from '@app/history';
import {
  CheckpointConflictError,
  openReadModelStore,
  ProjectionEngine,
  type ProjectionEngineOptions,
  type QuarantineFailure,
  type ReadModelStore,
} from '@app/projections';
import { messages, poisonTranscript } from '../support/events';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

function validEvents(count: number): HindsightEvent[] {
  return [...syntheticEvents(count, { contacts: 6, workspaces: 2, inboxesPerWorkspace: 2, seed: 17 })].map((raw) => {
    const result = validateEvent(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.event;
  });
}

/** Ids of the messages of each workspace, in fold order; `part` throws for the ids in `broken` (a bug, until fixed). */
function messageIds(part: 'keyOf' | 'apply' | 'indexEntries', broken: Set<string>): DocumentProjection<unknown> {
  const projection: DocumentProjection<{ readonly ids: string[] }> = {
    collection: 'message-ids',
    keyOf(event) {
      if (part === 'keyOf' && broken.has(event.id)) throw new RangeError(`cannot key ${event.id}`);
      return event.type === 'message.received' ? event.data.workspaceId : undefined;
    },
    apply(document, event) {
      if (part === 'apply' && broken.has(event.id)) throw new RangeError(`cannot fold ${event.id}`);
      return { ids: [...(document?.ids ?? []), event.id] };
    },
    indexEntries(document) {
      const last = document.ids[document.ids.length - 1];
      if (part === 'indexEntries' && broken.has(last)) throw new RangeError(`cannot index ${last}`);
      return [];
    },
  };
  return projection;
}

/** Read models whose commits wait for `release()` (a writer thread busy elsewhere); `requested` resolves when one is asked for. */
function gatedCommits(store: ReadModelStore) {
  const gated = Object.create(store) as ReadModelStore;
  let opened: () => void = () => undefined;
  let asked: () => void = () => undefined;
  const state = { gate: Promise.resolve(), requested: Promise.resolve() };
  gated.commit = async (...batch) => {
    asked();
    await state.gate;
    await store.commit(...batch);
  };
  return {
    store: gated,
    /** Holds the next commits until `release()`. */
    hold() {
      state.gate = new Promise((resolve) => (opened = resolve));
      state.requested = new Promise((resolve) => (asked = resolve));
    },
    requested: () => state.requested,
    release: () => opened(),
  };
}

describe.each(TEST_ENGINES())('projection quarantine on %s', (engine) => {
  let store: TestStore;
  let events: EventStore;
  let readModels: ReadModelStore;
  const engineOn = (
    models: ReadModelStore,
    projections: ReadonlyArray<DocumentProjection<unknown>>,
    options: ProjectionEngineOptions = {},
  ) => new ProjectionEngine(events, models, projections, { batchSize: 10, ...options });
  const ids = async (workspaceId: string) =>
    ((await readModels.documents<{ ids: string[] }>('message-ids', [workspaceId])).get(workspaceId)?.ids ?? []).join(' ');

  beforeEach(async () => {
    store = await createTestStore(engine);
    events = await openEventStore(store.url);
    readModels = await openReadModelStore(store.url);
  });
  afterEach(async () => {
    await readModels.close();
    await events.close();
    await store.cleanup();
  });

  it('folds every valid event of both workspaces past a poison event, quarantines it once for its projection, and logs it once', async () => {
    const log = validEvents(200);
    const transcript = log.find((event) => event.type === 'call.transcript.completed' && log.indexOf(event) > 80)!;
    const poison = poisonTranscript(transcript);
    await events.append([...log.slice(0, 100), poison]);
    await events.append(log.slice(100));
    // Pipelined commits, the poison's batch (the 11th) failing once: it is redone, the entry written and logged once.
    let commits = 0;
    const flaky = Object.create(readModels) as ReadModelStore;
    flaky.commit = async (...batch) => {
      if (++commits === 11) throw new Error('the writer thread restarted');
      await readModels.commit(...batch);
    };
    const reports: QuarantineFailure[] = [];
    const projection = engineOn(flaky, HINDSIGHT_PROJECTIONS, { onQuarantine: (report) => reports.push(...report.failed) });
    await expect(projection.catchUp()).rejects.toThrow('restarted');
    await projection.catchUp();

    expect(await readModels.checkpoint('hindsight')).toBe(201);
    const expected = foldEvents(HINDSIGHT_PROJECTIONS, log);
    const stored = await readModels.load([...expected.keys()].map(parseDocumentId));
    expect(Object.fromEntries(stored)).toEqual(JSON.parse(JSON.stringify(Object.fromEntries(expected))));
    expect(new Set(log.map((event) => event.data.workspaceId))).toEqual(new Set(['ws-0', 'ws-1']));
    const entry = {
      projector: 'hindsight',
      position: 101,
      collection: 'activity',
      eventId: poison.id,
      eventType: 'call.transcript.completed',
      workspaceId: transcript.data.workspaceId,
      errorName: 'TypeError',
      errorMessage: "Cannot read properties of undefined (reading 'trim')",
      firstQuarantinedAt: expect.any(String),
      lastFailedAt: expect.any(String),
      attempts: 1,
    };
    expect(await readModels.quarantined('hindsight')).toEqual([entry]);
    expect(reports).toEqual([expect.objectContaining({ position: 101, eventId: poison.id, collection: 'activity' })]);
    expect(await projection.quarantine()).toEqual({ entries: new Map([['activity', 1]]), sinceStart: 1 });
  });

  it.each(['keyOf', 'apply', 'indexEntries'] as const)(
    'quarantines an event whose %s throws, leaves its document as before it, and re-folds it once fixed and asked to',
    async (part) => {
      const broken = new Set(['m-2']);
      const projection = engineOn(readModels, [messageIds(part, broken)]);
      await events.append([...messages(3, 'm', { workspaceId: 'ws-1' }), ...messages(2, 'n', { workspaceId: 'ws-2' })]);
      await projection.catchUp();
      expect(await ids('ws-1')).toBe('m-0 m-1');
      expect(await ids('ws-2')).toBe('n-0 n-1');
      expect(await readModels.quarantined('hindsight')).toEqual([
        expect.objectContaining({ position: 3, eventId: 'm-2', collection: 'message-ids', errorName: 'RangeError', attempts: 1 }),
      ]);

      // Asked before the fix: it throws again, one more attempt, and the mark is cleared.
      await readModels.requestRefold('hindsight', [3], new Date().toISOString());
      expect(await projection.catchUp()).toBe(1);
      expect(await readModels.quarantined('hindsight')).toEqual([expect.objectContaining({ position: 3, attempts: 2 })]);
      expect(await readModels.refoldsRequested('hindsight')).toEqual([]);

      // Fixed, asked, and folded before the batch's new events, in that batch's commit.
      broken.clear();
      await readModels.requestRefold('hindsight', 'all', new Date().toISOString());
      await events.append(messages(1, 'later', { workspaceId: 'ws-1' }));
      expect(await projection.catchUp()).toBe(2);
      expect(await ids('ws-1')).toBe('m-0 m-1 m-2 later-0');
      expect(await readModels.quarantined('hindsight')).toEqual([]);
      expect(await readModels.checkpointState('hindsight')).toEqual({ position: 6, refolds: 2 });
    },
  );

  it('re-folds a requested entry within its idle delay when it runs in the background with nothing new to project', async () => {
    const broken = new Set(['m-1']);
    const projection = engineOn(readModels, [messageIds('apply', broken)], { idleMilliseconds: 20 });
    await events.append(messages(3, 'm', { workspaceId: 'ws-1' }));
    projection.start();
    try {
      await eventually(async () => (await readModels.quarantined('hindsight')).length === 1);
      broken.clear();
      await readModels.requestRefold('hindsight', 'all', new Date().toISOString());
      expect(await eventually(async () => (await readModels.quarantined('hindsight')).length === 0)).toBe(true);
      expect(await ids('ws-1')).toBe('m-0 m-2 m-1');
      expect(await readModels.checkpoint('hindsight')).toBe(3);
    } finally {
      await projection.stop();
    }
  });

  it('makes a projector holding uncommitted documents start again when another process re-folds meanwhile (no lost re-fold)', async () => {
    const broken = new Set(['m-1']);
    const serve = gatedCommits(readModels);
    const running = engineOn(serve.store, [messageIds('apply', broken)]);
    await events.append(messages(2, 'm', { workspaceId: 'ws-1' }));
    await running.catchUp();
    broken.clear();
    await readModels.requestRefold('hindsight', 'all', new Date().toISOString());

    // The CLI's projector re-folds, its commit held back: nothing new in the log, only the re-fold.
    const cliModels = await openReadModelStore(store.url);
    const cli = gatedCommits(cliModels);
    cli.hold();
    const retry = engineOn(cli.store, [messageIds('apply', new Set())]).step();
    await cli.requested();
    // Meanwhile a new event, folded by the running projector over the document without the re-fold (its commit held back too).
    await events.append(messages(1, 'new', { workspaceId: 'ws-1' }));
    serve.hold();
    // The running projector's next batch: it skips the marked entry (not yet re-folded as far as it can tell).
    const batch = running.step();
    await serve.requested();
    cli.release();
    expect(await retry).toBe(1);
    expect(await ids('ws-1')).toBe('m-0 m-1');
    serve.release();
    await expect(batch).rejects.toBeInstanceOf(CheckpointConflictError);
    // It starts again from the stored documents: the re-fold is kept.
    await running.catchUp();
    expect(await ids('ws-1')).toBe('m-0 m-1 new-0');
    expect(await readModels.quarantined('hindsight')).toEqual([]);
    await cliModels.close();
  });

  it('keeps the entry, with the error, when the event is no longer in a projection the engine runs', async () => {
    const projection = engineOn(readModels, [messageIds('apply', new Set(['m-0']))]);
    await events.append(messages(1, 'm', { workspaceId: 'ws-1' }));
    await projection.catchUp();
    await readModels.requestRefold('hindsight', 'all', new Date().toISOString());
    await engineOn(readModels, HINDSIGHT_PROJECTIONS).catchUp();
    expect(await readModels.quarantined('hindsight')).toEqual([
      expect.objectContaining({ attempts: 2, errorMessage: 'no projection keeps the collection message-ids' }),
    ]);
  });
});

/** Tries `check` every 20 ms for up to 10 s; true as soon as it holds. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (await check()) return true;
    await new Promise((done) => setTimeout(done, 20));
  }
  return check();
}
