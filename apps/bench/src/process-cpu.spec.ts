import { cpuBetween, type ProcessCpu, processCpu } from './process-cpu';

const sample = (total: number, mainThread: number, threads: Record<string, number>): ProcessCpu => ({ total, mainThread, threads });

describe('process CPU', () => {
  it('reads every live thread of a process by name, within its total', () => {
    let spent = 0;
    for (let index = 0; index < 2e6; index += 1) spent += Math.sqrt(index);
    const cpu = processCpu(process.pid)!;
    expect(spent).toBeGreaterThan(0);
    const threads = Object.values(cpu.threads).reduce((sum, seconds) => sum + seconds, 0);
    // Threads that exited are in the total only; one tick (10 ms) of rounding per thread at most.
    expect(threads).toBeLessThanOrEqual(cpu.total + 0.01 * Object.keys(cpu.threads).length);
    expect(threads).toBeGreaterThanOrEqual(cpu.mainThread);
  });

  it.each([
    ['a thread in both samples', sample(1, 1, { grpc: 1 }), sample(3, 1, { grpc: 2.5 }), { grpc: 1.5 }],
    ['a thread started in between counts from zero', sample(1, 1, {}), sample(2, 1, { grpc: 0.5 }), { grpc: 0.5 }],
    ['a thread gone in between drops out', sample(1, 1, { grpc: 1 }), sample(2, 1, { writer: 0.2 }), { writer: 0.2 }],
  ])('cpuBetween: %s', (_case, before, after, threads) => {
    expect(cpuBetween(before, after)?.threads).toEqual(threads);
  });
});
