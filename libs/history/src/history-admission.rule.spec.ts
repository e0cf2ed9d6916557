import {
  admissionDecision,
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
  it('measures the idle latency on calls to an idle reader and the drain while it is busy', () => {
    let load = queryStarted(IDLE_READER, 0);
    load = querySettled(load, { now: 2, latencyMs: 2, startedIdle: true });
    expect(load).toEqual({ inFlight: 0, idleLatencyMs: 2, drainMs: 2, progressAt: 2 });
    // Three queued at 10, completing every 4 ms: the drain moves towards 4, the idle latency does not move.
    load = queryStarted(queryStarted(queryStarted(load, 10), 10), 10);
    expect(load.inFlight).toBe(3);
    load = querySettled(load, { now: 14, latencyMs: 4, startedIdle: true });
    load = querySettled(load, { now: 18, latencyMs: 8, startedIdle: false });
    load = querySettled(load, { now: 22, latencyMs: 12, startedIdle: false });
    expect(load.inFlight).toBe(0);
    expect(load.idleLatencyMs).toBeCloseTo(2.4);
    expect(load.drainMs).toBeCloseTo(2 + 0.2 * 2 + 0.2 * (4 - 2.4) + 0.2 * (4 - 2.72), 5);
  });

  it('counts no sample beyond the ceiling: a stalled spell does not make the reader look slow for long', () => {
    const stalled = querySettled(queryStarted(IDLE_READER, 0), { now: 2000, latencyMs: 2000, startedIdle: true, ceilingMs: 150 });
    expect(stalled).toMatchObject({ idleLatencyMs: 150, drainMs: 150 });
  });

  it('never counts below zero in flight', () => {
    expect(querySettled(IDLE_READER, { now: 1, latencyMs: 1, startedIdle: false }).inFlight).toBe(0);
  });
});
