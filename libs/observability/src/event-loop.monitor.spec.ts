import { EventLoopMonitor } from './event-loop.monitor';

const block = (milliseconds: number) => {
  const until = Date.now() + milliseconds;
  while (Date.now() < until);
};
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('EventLoopMonitor', () => {
  it('sees the loop blocked: the lag of the turn after, and the delay in the scrape', async () => {
    const monitor = new EventLoopMonitor().start();
    try {
      await sleep(50);
      monitor.scrape();
      // Node's histogram starts its next interval at the first sample after a reset.
      await sleep(25);
      block(80);
      // The next turn's timers: the ticker (due long ago) runs before this one.
      await sleep(0);
      expect(monitor.lagMs()).toBeGreaterThanOrEqual(40);
      await sleep(25);
      const figures = monitor.scrape();
      expect(figures.max).toBeGreaterThanOrEqual(0.04);
      expect(figures.samples).toBeGreaterThan(0);
      // A new interval: the blocked turn is no longer in it.
      await sleep(30);
      expect(monitor.scrape().max).toBeLessThan(figures.max);
    } finally {
      monitor.stop();
    }
  });

  it('charges the calls of one busy turn with the time the turn ran before them, and starts afresh next turn', async () => {
    const monitor = new EventLoopMonitor().start();
    try {
      await sleep(30);
      const first = monitor.lagMs();
      // The turn handles earlier requests of a burst: the later ones had arrived before it began.
      block(60);
      expect(monitor.lagMs()).toBeGreaterThanOrEqual(first + 59);
      await new Promise((resolve) => setImmediate(resolve));
      await sleep(20);
      expect(monitor.lagMs()).toBeLessThan(40);
    } finally {
      monitor.stop();
    }
  });
});
