/**
 * `npm test` on a machine without Chromium and HAProxy: the browser suite and the HAProxy oracle
 * tests skip, each with one line saying what to install, and the run passes; under CI=true the same
 * run fails. Both binaries are made missing through the variables that name them (CHROMIUM_BIN,
 * HAPROXY_BIN: when set, only that path is tried), in a vitest run of its own.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const VITEST = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
/** One suite per way of needing a binary: the site (Chromium, whole file), the HTML review (Chromium, per test), HAProxy as an oracle (per test). */
const SUITES = ['test/site/site.test.ts', 'test/report/html-browser.test.ts', 'test/haproxy/config-validity.test.ts'];

function runWithout(ci: string): { status: number | null; output: string } {
  // This run's own vitest variables would make the inner run think it is a worker of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'TEST' && key !== 'NODE_OPTIONS'));
  const run = spawnSync(process.execPath, [VITEST, 'run', ...SUITES], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...env, CI: ci, CHROMIUM_BIN: '/nonexistent/chromium', HAPROXY_BIN: '/nonexistent/haproxy', FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm test without Chromium and HAProxy', () => {
  it('passes on a developer machine, skipping what needs them with a line saying what to install', () => {
    const { status, output } = runWithout('');
    expect(status, output).toBe(0);
    expect(output).toContain("SKIPPED: chromium not found (CHROMIUM_BIN=/nonexistent/chromium does not run): the site browser suite needs it; install it with 'apt-get install chromium' or set CHROMIUM_BIN");
    expect(output).toContain("SKIPPED: chromium not found (CHROMIUM_BIN=/nonexistent/chromium does not run): the HTML review test needs it; install it with 'apt-get install chromium'");
    expect(output).toMatch(/haproxy not found \(HAPROXY_BIN=\/nonexistent\/haproxy does not run\): the fixture validity test .*install it with 'apt-get install haproxy'/);
    expect(output).toMatch(/\d+ skipped/);
  }, 180_000);

  it('fails under CI=true, where they are required', () => {
    const { status, output } = runWithout('true');
    expect(status, output).not.toBe(0);
    expect(output).toContain('chromium not found (CHROMIUM_BIN=/nonexistent/chromium does not run)');
    expect(output).toContain('CI must have it (.ci/run installs it), so this is a failure, not a skip.');
    expect(output).toMatch(/haproxy not found \(HAPROXY_BIN=\/nonexistent\/haproxy does not run\)/);
  }, 180_000);
});
