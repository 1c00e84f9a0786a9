import { execFile } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIdentity, buildIdentityOf, packageVersion } from './tool-version.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

let pkg: string;
let code: string;
let manifest: string;

/** Writes a JSON file, making its folder. */
async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
}

/** Installs a package in a node_modules folder; its exports leave package.json out, as many do. */
function install(nodeModules: string, name: string, version: string): Promise<void> {
  return writeJson(path.join(nodeModules, name, 'package.json'), { name, version, exports: { '.': './index.js' } });
}

// A package of its own in a temporary folder, so that the real tree is never touched.
beforeEach(async () => {
  pkg = await mkdtemp(path.join(tmpdir(), 'docdrift-identity-'));
  code = path.join(pkg, 'dist');
  manifest = path.join(pkg, 'package.json');
  await writeJson(manifest, { name: 'tool', version: '1.2.3', dependencies: { parser: '^1.0.0', '@scope/highlighter': '^2.0.0' } });
  await mkdir(path.join(code, 'engine'), { recursive: true });
  await writeFile(path.join(code, 'engine', 'parse.js'), 'export const parse = 1;\n');
  await install(path.join(pkg, 'node_modules'), 'parser', '1.0.0');
  await install(path.join(pkg, 'node_modules'), '@scope/highlighter', '2.0.0');
});
afterEach(async () => {
  await rm(pkg, { recursive: true, force: true });
});

describe('buildIdentity', () => {
  it('is taken once per process and starts with the package version', async () => {
    const first = buildIdentity();
    expect(buildIdentity()).toBe(first);
    expect(await first).toMatch(new RegExp(`^${packageVersion().replaceAll('.', '\\.')}-[0-9a-f]{24}$`));
  });
});

describe('buildIdentityOf', () => {
  it('is the same while nothing changes', async () => {
    expect(await buildIdentityOf(code, manifest)).toBe(await buildIdentityOf(code, manifest));
    expect(await buildIdentityOf(code, manifest)).toMatch(/^1\.2\.3-[0-9a-f]{24}$/);
  });

  it('changes when a code file changes size or time, or is added', async () => {
    const file = path.join(code, 'engine', 'parse.js');
    const later = new Date(Date.UTC(2030, 0, 1));
    const seen = new Set([await buildIdentityOf(code, manifest)]);
    await utimes(file, later, later);
    seen.add(await buildIdentityOf(code, manifest));
    // Longer, at the same time.
    await appendFile(file, '// longer\n');
    await utimes(file, later, later);
    seen.add(await buildIdentityOf(code, manifest));
    await writeFile(path.join(code, 'engine', 'layout.js'), '');
    seen.add(await buildIdentityOf(code, manifest));
    expect(seen.size).toBe(4);
  });

  it('changes when a dependency is upgraded, shadowed nearer the code, or missing, which is no error', async () => {
    const seen = new Set([await buildIdentityOf(code, manifest)]);
    await install(path.join(pkg, 'node_modules'), 'parser', '1.0.1');
    seen.add(await buildIdentityOf(code, manifest));
    // Node takes the node_modules nearest the code.
    await install(path.join(code, 'node_modules'), '@scope/highlighter', '2.1.0');
    seen.add(await buildIdentityOf(code, manifest));
    await rm(path.join(pkg, 'node_modules', 'parser'), { recursive: true });
    seen.add(await buildIdentityOf(code, manifest));
    expect(seen.size).toBe(4);
  });

  it('changes when npm installs again, so that indirect dependencies count', async () => {
    const lockfile = path.join(pkg, 'node_modules', '.package-lock.json');
    const seen = new Set([await buildIdentityOf(code, manifest)]);
    await writeJson(lockfile, { lockfileVersion: 3, packages: { 'node_modules/micromark': { version: '4.0.0' } } });
    seen.add(await buildIdentityOf(code, manifest));
    await writeJson(lockfile, { lockfileVersion: 3, packages: { 'node_modules/micromark': { version: '4.0.10' } } });
    seen.add(await buildIdentityOf(code, manifest));
    expect(seen.size).toBe(3);
  });

  // The bundle's import.meta.url is the bundle file's (scripts/bundle.mjs), one folder below the
  // code root: a copy of it in a package of its own must key its parse cache by that package.
  it('is taken from the code and package.json around the bundle', async () => {
    await mkdir(path.join(code, 'bin'));
    await copyFile(path.join(REPO, 'dist', 'bin', 'docdrift.cjs'), path.join(code, 'bin', 'docdrift.cjs'));
    await writeFile(path.join(code, 'bin', 'run.cjs'), "require('./docdrift.cjs').runProcess();\n");
    // The reference data the bundle loads from the package.
    await symlink(path.join(REPO, 'data'), path.join(pkg, 'data'));
    const location = path.join(pkg, 'parse-cache');
    const root = path.join(REPO, 'test', 'fixtures', 'seed-before');
    const args = [path.join(code, 'bin', 'run.cjs'), 'check', root, '--cache-location', location, '--format', 'json'];
    // The fixture has findings: exit code 1, with the report.
    const run = await promisify(execFile)(process.execPath, args).catch((error: { stdout: string; stderr: string }) => error);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toHaveProperty('findings');
    expect(await readdir(location)).toEqual([`v${await buildIdentityOf(code, manifest)}`]);
  });
});
