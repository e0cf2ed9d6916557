import fc from 'fast-check';

/**
 * The one place the fuzz and property suites get fast-check's parameters from.
 *
 * - By default and under `CI=true`: a FIXED seed and each property's bounded number of runs, so
 *   `npm test` is reproducible and stays fast.
 * - `FUZZ_RUNS=N` (outside CI): N runs per property, with a random seed (a new one every run).
 * - `FUZZ_SEED=S` replays: that seed (with `FUZZ_PATH=P`, straight to the failing case fast-check printed),
 *   with `FUZZ_RUNS` runs or the property's own count.
 *
 * On failure fast-check's report (in the test's error) names the seed and the path, the shrunk
 * counterexample and the error: `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx jest <file>` replays it.
 */
export const FIXED_SEED = 20_261_211;

export interface FuzzSettings {
  /** Runs of each property, or undefined for its own default. */
  readonly runs?: number;
  readonly seed?: number;
  readonly path?: string;
  /** `fixed` (CI and default), `random` (`FUZZ_RUNS` locally) or `replay` (`FUZZ_SEED`). */
  readonly mode: 'fixed' | 'random' | 'replay';
}

function integerVariable(name: string, environment: NodeJS.ProcessEnv): number | undefined {
  const text = environment[name]?.trim();
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${text}"`);
  return value;
}

/** Reads `CI`, `FUZZ_RUNS`, `FUZZ_SEED` and `FUZZ_PATH` (exported for its own spec). */
export function fuzzSettings(environment: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const runs = integerVariable('FUZZ_RUNS', environment);
  if (runs !== undefined && runs < 1) throw new Error(`FUZZ_RUNS must be at least 1, got ${runs}`);
  const seed = integerVariable('FUZZ_SEED', environment);
  const path = environment.FUZZ_PATH?.trim() || undefined;
  if (seed !== undefined) return { mode: 'replay', seed, runs, path };
  if (runs !== undefined && environment.CI !== 'true') return { mode: 'random', runs };
  return { mode: 'fixed', seed: FIXED_SEED, runs };
}

const settings = fuzzSettings();

/** Runs of a property whose bounded count (CI and default) is `defaultRuns`. */
export const fuzzRuns = (defaultRuns: number): number => settings.runs ?? defaultRuns;

/**
 * fast-check parameters for a property bounded to `defaultRuns` in CI. `timeout` bounds one run of an
 * asynchronous property (a hang fails with its counterexample instead of jest's timeout).
 */
export function fuzzParameters<T>(defaultRuns: number, extra: Omit<fc.Parameters<T>, 'numRuns' | 'seed' | 'path'> = {}): fc.Parameters<T> {
  return {
    numRuns: fuzzRuns(defaultRuns),
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    ...(settings.path === undefined ? {} : { path: settings.path }),
    // The error of the failing run in the report itself (jest prints the message, not always the cause).
    includeErrorInReport: true,
    ...extra,
  };
}

/**
 * A jest timeout for a property of `defaultRuns` runs taking up to `perRunMs` each (shrinking a failure
 * included): grows with `FUZZ_RUNS` so that a long local run is not cut by jest before fast-check reports.
 */
export const fuzzTimeout = (defaultRuns: number, perRunMs: number, floorMs = 60_000): number =>
  Math.max(floorMs, fuzzRuns(defaultRuns) * perRunMs * 3);
