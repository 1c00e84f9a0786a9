/**
 * Tests that need a system program (HAProxy as an oracle, Chromium for the site): find it, and when
 * it is missing skip with one line that says what to install, except under CI=true, where .ci/run
 * installs both and a missing one is a failure.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface SystemBinary {
  path: string;
  /** What `--version` (or `-v`) printed that identifies it. */
  version: string;
}

export interface BinarySpec {
  /** `haproxy` */
  name: string;
  /** The environment variable that names the binary; when set, only that one is tried (`HAPROXY_BIN=/nonexistent` shows a machine without it). */
  envVar: string;
  /** Absolute paths tried first, in order; then `name` on $PATH. */
  places: readonly string[];
  /** The argument that makes it print its version and exit 0. */
  versionArg: string;
  /** Reads the version out of that output; undefined: not the program we want. */
  version: (output: string) => string | undefined;
  /** `apt-get install haproxy` */
  install: string;
}

const found = new Map<string, SystemBinary | null>();
const warned = new Set<string>();

/** The first candidate that runs and says what version it is; undefined when none does. */
export function findBinary(spec: BinarySpec): SystemBinary | undefined {
  const cached = found.get(spec.envVar);
  if (cached !== undefined) return cached ?? undefined;
  const explicit = process.env[spec.envVar];
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, spec.name));
  let result: SystemBinary | null = null;
  for (const candidate of explicit ? [explicit] : [...spec.places, ...onPath]) {
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const run = spawnSync(candidate, [spec.versionArg], { encoding: 'utf8', timeout: 15_000 });
    const version = run.status === 0 ? spec.version(`${run.stdout}${run.stderr}`) : undefined;
    if (version) {
      result = { path: candidate, version };
      break;
    }
  }
  found.set(spec.envVar, result);
  return result ?? undefined;
}

export function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Why the binary is missing and what to do: the one line a skipped run prints. */
export function missingReason(spec: BinarySpec, needs: string): string {
  const explicit = process.env[spec.envVar];
  const tried = explicit ? `${spec.envVar}=${explicit} does not run` : `not in ${spec.places.map((place) => path.dirname(place)).join(', ')} or $PATH`;
  return `${spec.name} not found (${tried}): ${needs} needs it; install it with '${spec.install}' or set ${spec.envVar}`;
}

/**
 * The binary, or undefined after one loud line (the caller skips); under CI=true a missing binary
 * throws, since .ci/run installs it. For a whole test file: `describe.skipIf(!binary)`.
 */
export function binaryOrSkip(spec: BinarySpec, needs: string): SystemBinary | undefined {
  const binary = findBinary(spec);
  if (binary) return binary;
  const reason = missingReason(spec, needs);
  if (isCI()) throw new Error(`${reason}. CI must have it (.ci/run installs it), so this is a failure, not a skip.`);
  // One line per missing binary and suite, however many of its tests skip.
  const key = `${spec.envVar}\n${needs}`;
  if (!warned.has(key)) console.warn(`\n*** SKIPPED: ${reason} ***\n`);
  warned.add(key);
  return undefined;
}

/** Anything with vitest's test-context `skip(note)`. */
export interface Skippable {
  skip: (note?: string) => never;
}

/** Inside one test: the binary, or a skip of that test (a failure under CI=true). */
export function requireBinary(context: Skippable, spec: BinarySpec, needs: string): SystemBinary {
  return binaryOrSkip(spec, needs) ?? context.skip(missingReason(spec, needs));
}

export const HAPROXY: BinarySpec = {
  name: 'haproxy',
  envVar: 'HAPROXY_BIN',
  places: ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/bin/haproxy'],
  versionArg: '-v',
  version: (output) => /HA-?Proxy version (\S+)/i.exec(output)?.[1],
  install: 'apt-get install haproxy',
};

export const CHROMIUM: BinarySpec = {
  name: 'chromium',
  envVar: 'CHROMIUM_BIN',
  places: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/local/bin/chromium', '/snap/bin/chromium', '/usr/bin/google-chrome'],
  versionArg: '--version',
  version: (output) => /(?:Chromium|Chrome)\s+(\d[\d.]*)/i.exec(output)?.[1],
  install: 'apt-get install chromium',
};
