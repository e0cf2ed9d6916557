import { FIXED_SEED, fuzzSettings } from './support/fuzz-parameters';

describe('fuzz parameters (seed and run count of every property)', () => {
  it('uses the fixed seed and each property its own run count by default and under CI', () => {
    expect(fuzzSettings({})).toEqual({ mode: 'fixed', seed: FIXED_SEED, runs: undefined });
    expect(fuzzSettings({ CI: 'true' })).toEqual({ mode: 'fixed', seed: FIXED_SEED, runs: undefined });
  });

  it('runs FUZZ_RUNS per property with a random seed locally, and keeps the fixed seed under CI', () => {
    expect(fuzzSettings({ FUZZ_RUNS: '5000' })).toEqual({ mode: 'random', runs: 5000 });
    expect(fuzzSettings({ FUZZ_RUNS: '5000', CI: 'true' })).toEqual({ mode: 'fixed', seed: FIXED_SEED, runs: 5000 });
  });

  it('replays FUZZ_SEED (and FUZZ_PATH), under CI too', () => {
    expect(fuzzSettings({ FUZZ_SEED: '-1373778720', FUZZ_PATH: '6:1:0' })).toEqual({
      mode: 'replay',
      seed: -1373778720,
      path: '6:1:0',
      runs: undefined,
    });
    expect(fuzzSettings({ FUZZ_SEED: '42', FUZZ_RUNS: '10', CI: 'true' })).toEqual({ mode: 'replay', seed: 42, runs: 10, path: undefined });
  });

  it.each([
    [{ FUZZ_RUNS: 'many' }, /FUZZ_RUNS must be an integer/],
    [{ FUZZ_RUNS: '0' }, /FUZZ_RUNS must be at least 1/],
    [{ FUZZ_SEED: '1.5' }, /FUZZ_SEED must be an integer/],
  ])('refuses %j', (environment, message) => {
    expect(() => fuzzSettings(environment)).toThrow(message);
  });
});
