/**
 * Shared fast-check settings for the fuzz suites.
 *
 * CI runs a fixed seed and a small case count so the suite is deterministic and fast (< 60 s on a busy
 * 2-core box). Locally: `FUZZ_RUNS=2000 FUZZ_SEED=123 npx mocha 'test/unit/fuzz/**\/*.test.ts'`.
 * On failure fast-check prints the seed and the counterexample path, so a failure can be replayed exactly.
 */
import fc from 'fast-check';

/** The seed CI uses. Any fixed number will do; changing it changes which cases run. */
export const DEFAULT_FUZZ_SEED = 20261129;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** Case count for one property: `FUZZ_RUNS` when set, else the property's own default (expensive properties use fewer). */
export function fuzzRuns(defaultRuns: number): number {
  return envInt('FUZZ_RUNS') ?? defaultRuns;
}

/** Parameters for `fc.assert`: fixed seed (or `FUZZ_SEED`), case count (or `FUZZ_RUNS`). */
export function fuzzParams<T>(defaultRuns: number): fc.Parameters<T> {
  return {
    numRuns: fuzzRuns(defaultRuns),
    seed: envInt('FUZZ_SEED') ?? DEFAULT_FUZZ_SEED,
  };
}

/**
 * Mocha timeout for a property: generous per case so a loaded machine does not flake, and scaled with
 * `FUZZ_RUNS` so long local runs are not cut off.
 */
export function fuzzTimeout(defaultRuns: number, msPerCase: number): number {
  return 30_000 + fuzzRuns(defaultRuns) * msPerCase;
}

/** Lines of a text the way an editor counts them (`\r\n`, `\r` and `\n` all end a line). */
export function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/**
 * Runs `work` and returns the CPU milliseconds this process spent on it. Time bounds use CPU time, not
 * wall-clock: the shared CI box runs other jobs, and their load must not make a bound flaky.
 */
export function cpuTimed<T>(work: () => T): { value: T; cpuMs: number; wallMs: number } {
  const wallStart = performance.now();
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wallStart };
}
