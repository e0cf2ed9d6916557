import { describeLoad, type Load, measureBursts, measureLatency, measureOpenLoop } from './latency';

// What the load shapes guarantee, not how fast anything is (benchmarks print figures; tests never time).
describe('latency measurement', () => {
  it.each<[string, (call: (index: number) => Promise<unknown>) => Promise<unknown>]>([
    ['closed loop, 4 in flight', (call) => measureLatency(50, 4, call)],
    ['open loop, 2,000 calls/s', (call) => measureOpenLoop(50, 2000, call)],
    ['5 bursts of 10', (call) => measureBursts(5, 10, call)],
  ])('%s: makes every call once and reports them all', async (_name, measure) => {
    const made: number[] = [];
    const figures = (await measure(async (index) => void made.push(index))) as { requests: number; p50: number; p99: number; max: number };
    expect([...made].sort((left, right) => left - right)).toEqual(Array.from({ length: 50 }, (_unused, index) => index));
    expect(figures.requests).toBe(50);
    expect(figures.p50).toBeLessThanOrEqual(figures.p99);
    expect(figures.p99).toBeLessThanOrEqual(figures.max);
  });

  it('open loop: starts calls on schedule without waiting for answers, and reports a failed call', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const pending: Array<() => void> = [];
    const measured = measureOpenLoop(20, 1000, (index) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // No answer comes until every call has started: a closed loop would stop at the first one.
      return new Promise<void>((resolve, reject) => {
        pending.push(() => (index === 7 ? reject(new Error('call 7 failed')) : resolve()));
        if (pending.length === 20) for (const answer of pending) answer();
      });
    });
    await expect(measured).rejects.toThrow('call 7 failed');
    expect(mostInFlight).toBe(20);
  });

  it('bursts: sends a whole round at once, and the next only when its answers are in', async () => {
    let inFlight = 0;
    const inFlightAtStart: number[] = [];
    await measureBursts(3, 4, async () => {
      inFlight += 1;
      inFlightAtStart.push(inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
    });
    expect(inFlightAtStart).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it('tells every answer with its duration', async () => {
    const told: Array<[number, number]> = [];
    await measureOpenLoop(
      10,
      5000,
      async (index) => index * 2,
      (answer, milliseconds) => told.push([answer, milliseconds]),
    );
    expect(told.map(([answer]) => answer).sort((left, right) => left - right)).toEqual(
      Array.from({ length: 10 }, (_unused, index) => index * 2),
    );
    expect(told.every(([, milliseconds]) => milliseconds >= 0)).toBe(true);
  });

  it.each<[Load, string]>([
    [{ concurrency: 32 }, 'concurrency 32'],
    [{ perSecond: 2000 }, '2,000 calls/s offered'],
    [{ rounds: 5, size: 1000 }, '5 bursts of 1,000 concurrent calls'],
  ])('describes %j as "%s"', (load, text) => {
    expect(describeLoad(load)).toBe(text);
  });
});
