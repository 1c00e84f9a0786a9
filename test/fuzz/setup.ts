/**
 * Shared fast-check settings of the fuzz suite.
 *
 * CI runs a fixed seed and a modest number of runs per property, so a failure
 * reproduces and the whole suite stays well under 30 s on a busy 2-core machine.
 * For longer local runs:
 *
 *   FUZZ_RUNS=2000 FUZZ_SEED=$RANDOM npx vitest run test/fuzz
 *
 * FUZZ_RUNS replaces every property's run count; FUZZ_SEED the seed. A failing
 * property prints its seed and path: set FUZZ_SEED to that seed to replay it.
 */
import fc from 'fast-check';

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

export const FUZZ_SEED = envNumber('FUZZ_SEED') ?? 0x0d0cd21f;
const FUZZ_RUNS = envNumber('FUZZ_RUNS');

fc.configureGlobal({ seed: FUZZ_SEED });

/** The number of runs of one property: `base` in CI, FUZZ_RUNS when set. */
export function runs(base: number): number {
  return FUZZ_RUNS ?? base;
}

/**
 * The per-test timeout: a hang guard, not a timing assertion (timing goals live in bench/).
 * Generous, and scaled with FUZZ_RUNS so long local runs are not cut short.
 */
export function timeout(base: number, baseMs: number): number {
  return Math.max(baseMs, Math.ceil((runs(base) / base) * baseMs));
}

export { fc };
