/** The "binary or skip" rule the HAProxy and browser suites share: a skip with one line locally, a failure under CI=true. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { binaryOrSkip, findBinary, requireBinary, type BinarySpec } from './system-binary.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docdrift-binary-'));
const fake = path.join(dir, 'fakeprog');
writeFileSync(fake, '#!/bin/sh\necho "FakeProg 4.2.0"\n');
chmodSync(fake, 0o755);

let specs = 0;
/** A spec of its own per test: findBinary() remembers what it found by environment variable. */
function spec(envValue: string | undefined): BinarySpec {
  const envVar = `DOCDRIFT_TEST_FAKEPROG_${++specs}`;
  if (envValue === undefined) delete process.env[envVar];
  else process.env[envVar] = envValue;
  return { name: 'fakeprog-not-on-path', envVar, places: [], versionArg: '--version', version: (output) => /FakeProg (\S+)/.exec(output)?.[1], install: 'apt-get install fakeprog' };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('system binaries in tests', () => {
  it('finds the binary the environment variable names, with its version', () => {
    expect(findBinary(spec(fake))).toEqual({ path: fake, version: '4.2.0' });
  });

  it('skips with one line that says what to install when it is missing, on a developer machine', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const missing = spec(path.join(dir, 'nonexistent'));
    expect(binaryOrSkip(missing, 'the fake suite')).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/SKIPPED: fakeprog-not-on-path not found .*the fake suite needs it; install it with 'apt-get install fakeprog'/);
    const skip = vi.fn((note?: string): never => {
      throw new Error(`skipped: ${note}`);
    });
    expect(() => requireBinary({ skip }, missing, 'one test')).toThrow(/skipped: .*install it with 'apt-get install fakeprog'/);
  });

  it('fails under CI=true when it is missing', () => {
    vi.stubEnv('CI', 'true');
    expect(() => binaryOrSkip(spec(path.join(dir, 'nonexistent')), 'the fake suite')).toThrow(/CI must have it .*a failure, not a skip/);
  });

  it('does not take a program that does not say the expected version', () => {
    const other = path.join(dir, 'other');
    writeFileSync(other, '#!/bin/sh\necho "Something else"\n');
    chmodSync(other, 0o755);
    expect(findBinary(spec(other))).toBeUndefined();
  });
});
