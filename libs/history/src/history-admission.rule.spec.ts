import {
  admissionDecision,
  DRAIN_WINDOW_MS,
  expectedAnswerMs,
  IDLE_READER,
  queryStarted,
  querySettled,
  queueBound,
  type ReaderLoad,
  stalledMs,
} from './history-admission.rule';

describe('queueBound', () => {
  it.each([
    ['unmeasured: one call per assumed millisecond', 150, undefined, 150],
    ['a 2 ms drain: 75 within 150 ms', 150, 2, 75],
    ['a 0.5 ms drain: 300', 150, 0.5, 300],
    ['never beyond the fastest drain (0.1 ms)', 50, 0.001, 500],
    ['never beyond what the reader thread’s channel holds', 150, 0.1, 1000],
    ['never below 4, however slow', 150, 1000, 4],
    ['a shorter deadline, a shorter queue', 20, 2, 10],
  ])('%s', (_name, deadlineMs, drainMs, expected) => {
    expect(queueBound(deadlineMs, drainMs)).toBe(expected);
  });
});

describe('expectedAnswerMs', () => {
  it.each<[string, ReaderLoad, number]>([
    ['idle and unmeasured: nothing to wait for', IDLE_READER, 0],
    ['idle: its own query', { inFlight: 0, idleLatencyMs: 1.5, drainMs: 1 }, 1.5],
    ['each query ahead adds the drain', { inFlight: 10, idleLatencyMs: 1, drainMs: 2, progressAt: 9 }, 21],
  ])('%s', (_name, load, expected) => {
    expect(expectedAnswerMs(load)).toBe(expected);
  });
});

describe('stalledMs', () => {
  it.each<[string, ReaderLoad, number, number]>([
    ['an idle reader is never stalled', { inFlight: 0, progressAt: 0 }, 500, 0],
    ['a busy one: the time since its last progress', { inFlight: 3, progressAt: 100 }, 180, 80],
  ])('%s', (_name, load, now, expected) => {
    expect(stalledMs(load, now)).toBe(expected);
  });
});

describe('admissionDecision', () => {
  const call = { now: 100, remainingMs: 150, deadlineMs: 150 };
  it.each<[string, ReaderLoad, Partial<typeof call>, ReturnType<typeof admissionDecision>]>([
    ['an idle reader takes every call, however slow it was', { inFlight: 0, idleLatencyMs: 900, drainMs: 900 }, {}, { admitted: true }],
    ['a short queue that drains in time', { inFlight: 5, idleLatencyMs: 1, drainMs: 2, progressAt: 99 }, {}, { admitted: true }],
    [
      'a queue that would answer too late',
      { inFlight: 60, idleLatencyMs: 1, drainMs: 2, progressAt: 99 },
      { remainingMs: 100 },
      { admitted: false, reason: 'too_slow', expectedMs: 121 },
    ],
    [
      'the caller’s shorter deadline',
      { inFlight: 10, idleLatencyMs: 1, drainMs: 2, progressAt: 99 },
      { remainingMs: 15 },
      { admitted: false, reason: 'too_slow', expectedMs: 21 },
    ],
    [
      'a full queue',
      { inFlight: 75, idleLatencyMs: 0.1, drainMs: 2, progressAt: 100 },
      {},
      { admitted: false, reason: 'queue_full', expectedMs: 150.1 },
    ],
    [
      'a reader that has completed nothing for as long as the call has left',
      { inFlight: 2, idleLatencyMs: 1, drainMs: 1, progressAt: -50 },
      {},
      { admitted: false, reason: 'stalled', expectedMs: 3 },
    ],
    [
      'a burst that arrived in one turn is not a stall',
      { inFlight: 40, idleLatencyMs: 0.5, drainMs: 0.3, progressAt: 90 },
      {},
      { admitted: true },
    ],
  ])('%s', (_name, load, overrides, expected) => {
    expect(admissionDecision(load, { ...call, ...overrides })).toEqual(expected);
  });
});

describe('the load estimate', () => {
  /** Starts `queries` at `at`, then settles them in batches, each `[time, count]` (a batch's completions share a time). */
  const spell = (load: ReaderLoad, at: number, queries: number, batches: ReadonlyArray<readonly [number, number]>, ceilingMs?: number) => {
    for (let index = 0; index < queries; index++) load = queryStarted(load, at);
    let first = true;
    for (const [now, count] of batches)
      for (let index = 0; index < count; index++) {
        load = querySettled(load, { now, latencyMs: now - at, startedIdle: first, ...(ceilingMs === undefined ? {} : { ceilingMs }) });
        first = false;
      }
    return load;
  };

  it.each<[string, number, ReadonlyArray<readonly [number, number]>, number | undefined]>([
    ['a query alone measures its latency, not a drain', 1, [[2, 1]], undefined],
    [
      'three completing every 4 ms: the spell over its completions',
      3,
      [
        [4, 1],
        [8, 1],
        [12, 1],
      ],
      4,
    ],
    // The thread channel hands answers over in batches: the time between two completions is mostly 0.
    [
      '32 handed over in two batches of 16, 4 ms apart: 8 ms over 32',
      32,
      [
        [4, 16],
        [8, 16],
      ],
      0.25,
    ],
    [
      '64 in four batches of 16, 3 ms apart: windows close between batches, each 6 ms over 32',
      64,
      [
        [3, 16],
        [6, 16],
        [9, 16],
        [12, 16],
      ],
      0.1875,
    ],
  ])('%s', (_name, queries, batches, drainMs) => {
    const load = spell(IDLE_READER, 0, queries, batches);
    expect(load.inFlight).toBe(0);
    expect(load.window).toBeUndefined();
    if (drainMs === undefined) expect(load.drainMs).toBeUndefined();
    else expect(load.drainMs).toBeCloseTo(drainMs, 5);
  });

  it('measures the idle latency on calls to an idle reader only, smoothed', () => {
    let load = spell(IDLE_READER, 0, 1, [[2, 1]]);
    expect(load).toEqual({ inFlight: 0, idleLatencyMs: 2, progressAt: 2 });
    load = spell(load, 10, 3, [
      [14, 1],
      [18, 1],
      [22, 1],
    ]);
    expect(load.idleLatencyMs).toBeCloseTo(2 + 0.2 * (4 - 2), 5);
  });

  it('smooths the drain from one spell to the next', () => {
    const first = spell(IDLE_READER, 0, 32, [
      [4, 16],
      [8, 16],
    ]);
    const second = spell(first, 100, 32, [
      [102, 16],
      [104, 16],
    ]);
    expect(second.drainMs).toBeCloseTo(0.25 + 0.2 * (0.125 - 0.25), 5);
  });

  it('keeps a busy spell’s window open until it spans DRAIN_WINDOW_MS', () => {
    const load = spell(IDLE_READER, 0, 48, [
      [2, 16],
      [4, 16],
    ]);
    expect(load).toMatchObject({ inFlight: 16, window: { since: 2, completions: 16 } });
    expect(load.drainMs).toBeUndefined();
    expect(DRAIN_WINDOW_MS).toBeGreaterThan(4);
  });

  it('counts no sample beyond the ceiling: a stalled spell does not make the reader look slow for long', () => {
    const stalled = spell(
      IDLE_READER,
      0,
      3,
      [
        [1000, 1],
        [2000, 1],
        [3000, 1],
      ],
      150,
    );
    expect(stalled).toMatchObject({ idleLatencyMs: 150, drainMs: 150 });
  });

  it('never counts below zero in flight', () => {
    expect(querySettled(IDLE_READER, { now: 1, latencyMs: 1, startedIdle: false }).inFlight).toBe(0);
  });
});
