// The installed command: dist/bin/docdrift.js running the bundle dist/bin/docdrift.cjs through V8's
// code cache (built by `npm run build`, which `npm ci` runs).
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { formatJson } from '../../src/reporters/json.ts';
import { FIXTURES } from '../rule-tester.ts';

const REPO = path.resolve(FIXTURES, '..', '..');
const BIN = path.join(REPO, 'dist', 'bin', 'docdrift.js');

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-bin-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Runs the command as a user would; resolves with its exit code and output, never rejects on exit 1. */
function docdrift(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** The JSON report of a root, checked in this process on one thread. */
async function expectedJson(root: string): Promise<string> {
  return formatJson(await check({ root, workers: 1 }));
}

describe('the docdrift command', () => {
  it('reports what the library reports, and reuses its compiled code on the next run', async () => {
    const cacheFolder = path.join(scratch, 'compile-cache');
    const root = path.join(FIXTURES, 'seed-before');
    const first = await docdrift(['check', root, '--format', 'json'], { DOCDRIFT_COMPILE_CACHE: cacheFolder });
    expect(first).toEqual({ code: 1, stdout: await expectedJson(root), stderr: '' });
    const [entry] = await readdir(cacheFolder);
    expect(entry).toMatch(/^[0-9a-f]{32}\.v8$/);
    const written = (await stat(path.join(cacheFolder, entry!))).mtimeMs;

    const second = await docdrift(['check', root, '--format', 'json'], { DOCDRIFT_COMPILE_CACHE: cacheFolder });
    expect(second).toEqual(first);
    // Accepted by V8, so not written again.
    expect((await stat(path.join(cacheFolder, entry!))).mtimeMs).toBe(written);
  });

  it('replaces the code cache of another build and runs without one when asked', async () => {
    const cacheFolder = path.join(scratch, 'compile-cache');
    await cp(path.join(FIXTURES, 'seed-after'), path.join(scratch, 'root'), { recursive: true });
    await docdrift(['--version'], { DOCDRIFT_COMPILE_CACHE: cacheFolder });
    const [current] = await readdir(cacheFolder);
    await writeFile(path.join(cacheFolder, 'from-another-build.v8'), 'stale');
    await writeFile(path.join(cacheFolder, current!), 'corrupt');

    const run = await docdrift(['check', path.join(scratch, 'root'), '--format', 'json'], { DOCDRIFT_COMPILE_CACHE: cacheFolder });
    expect(run.stdout).toBe(await expectedJson(path.join(scratch, 'root')));
    expect(await readdir(cacheFolder)).toEqual([current]);
    expect((await stat(path.join(cacheFolder, current!))).size).toBeGreaterThan(100_000);

    const uncached = await docdrift(['check', path.join(scratch, 'root'), '--format', 'json'], { DOCDRIFT_COMPILE_CACHE: '' });
    expect(uncached).toEqual(run);
  });

  it('parses a large corpus on worker threads from the bundle, with the single-threaded result', async () => {
    const root = path.join(scratch, 'root');
    await cp(path.join(FIXTURES, 'seed-after'), root, { recursive: true });
    // Past the 2 MB at which parsing goes parallel: comments cost little to parse.
    await writeFile(path.join(root, 'padding.yaml'), `# padding\n`.repeat(220_000) + 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: padding\n  namespace: matrix\n');
    const run = await docdrift(['check', root, '--format', 'json'], { DOCDRIFT_COMPILE_CACHE: '' });
    expect(run).toEqual({ code: 1, stdout: await expectedJson(root), stderr: '' });
  });

  it('loads the site builder on demand', async () => {
    const run = await docdrift(['site', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: docdrift site build/);
    expect(run.stderr).toBe('');
  });
});
