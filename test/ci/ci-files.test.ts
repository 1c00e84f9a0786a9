import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import picomatch from 'picomatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { FIXTURES } from '../rule-tester.ts';

const REPO = path.resolve(FIXTURES, '..', '..');
const exec = promisify(execFile);

interface Step {
  name?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required: boolean; default: string }>;
  runs: { using: string; steps: Step[] };
}

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-ci-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('action.yml', () => {
  it('is a composite action with inputs root, config and fail-on', async () => {
    const action = parseYaml(await readFile(path.join(REPO, 'action.yml'), 'utf8')) as Action;
    expect(action.name).toBe('docdrift');
    expect(action.description.length).toBeGreaterThan(20);
    expect(Object.keys(action.inputs)).toEqual(['root', 'config', 'fail-on']);
    expect(Object.values(action.inputs).map((input) => [input.required, input.default])).toEqual([
      [false, '.'],
      [false, ''],
      [false, 'error'],
    ]);
    expect(action.runs.using).toBe('composite');
    const [run, upload] = action.runs.steps;
    expect(run!.shell).toBe('bash');
    expect(run!.run).toContain('--format stylish --format sarif --output - --output docdrift.sarif');
    // Inputs reach the script through the environment, never spliced into it.
    expect(run!.run).not.toContain('${{');
    expect(upload!.uses).toBe('github/codeql-action/upload-sarif@v3');
    expect(upload!.if).toMatch(/^always\(\)/);
    expect(upload!.with).toEqual({ sarif_file: 'docdrift.sarif', category: 'docdrift' });
  });

  it('runs npx docdrift check with the inputs', async () => {
    const action = parseYaml(await readFile(path.join(REPO, 'action.yml'), 'utf8')) as Action;
    const step = action.runs.steps[0]!;
    // A stand-in npx that records its arguments, one per line.
    const npx = path.join(scratch, 'npx');
    await writeFile(npx, `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${path.join(scratch, 'args')}"\n`);
    await chmod(npx, 0o755);
    const runStep = async (inputs: Record<string, string>) => {
      const env = Object.fromEntries(Object.entries(step.env!).map(([name, value]) => [name, inputs[/inputs\.([\w-]+)/.exec(value)![1]!] ?? '']));
      await exec('bash', ['-e', '-c', step.run!], { cwd: scratch, env: { PATH: `${scratch}:${process.env['PATH']}`, ...env } });
      return (await readFile(path.join(scratch, 'args'), 'utf8')).trimEnd().split('\n');
    };
    const tail = ['--format', 'stylish', '--format', 'sarif', '--output', '-', '--output', 'docdrift.sarif'];
    expect(await runStep({ root: '.', config: '', 'fail-on': 'error' })).toEqual(['--yes', 'docdrift', 'check', '.', '--fail-on', 'error', ...tail]);
    expect(await runStep({ root: 'deploy dir', config: 'ci/docdrift.yaml', 'fail-on': 'warning' })).toEqual([
      '--yes',
      'docdrift',
      'check',
      'deploy dir',
      '--fail-on',
      'warning',
      '--config',
      'ci/docdrift.yaml',
      ...tail,
    ]);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('declares the docdrift hook: node, whole-repository check, on Markdown, YAML and .cfg changes', async () => {
    const hooks = parseYaml(await readFile(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    expect(hook).toMatchObject({ id: 'docdrift', name: 'docdrift', language: 'node', entry: 'docdrift check', pass_filenames: false });
    const files = new RegExp(hook!['files'] as string);
    for (const file of ['README.md', 'docs/guide.markdown', 'deploy/app.yaml', 'deploy/app.yml', 'config/haproxy.cfg']) expect(files.test(file), file).toBe(true);
    for (const file of ['src/index.ts', 'package.json', 'cfg/readme.txt']) expect(files.test(file), file).toBe(false);
  });
});

describe('package', () => {
  it('ships the JSON Schema and the rule fixtures that `docdrift rules RULE-ID` prints', async () => {
    const manifest = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { files: string[]; bin: Record<string, string>; scripts: Record<string, string> };
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'data', 'schema', 'test/fixtures/rules']));
    expect(manifest.bin).toEqual({ docdrift: 'dist/bin/docdrift.js' });
    expect(manifest.scripts['schema']).toContain('scripts/write-schema.mjs');
    const { stdout } = await exec('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO });
    const packed = new Set((JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path));
    for (const file of [
      'schema/docdrift.config.schema.json',
      'data/synapse-workers.json',
      'test/fixtures/rules/docdrift.config.yaml',
      'test/fixtures/rules/unused-suppression/invalid/docs/guide.md',
      'test/fixtures/rules/haproxy/unknown-service/valid/deployment/config/haproxy.cfg',
    ]) {
      expect(packed.has(file), file).toBe(true);
    }
    const isSource = picomatch(['src/**', 'test/**/*.ts', 'scripts/**']);
    expect([...packed].filter((file) => isSource(file))).toEqual([]);
  });
});

describe('scripts/validate-sarif.mjs', () => {
  const script = path.join(REPO, 'scripts', 'validate-sarif.mjs');

  it('rejects what the SARIF 2.1.0 schema forbids, and says why', async () => {
    const file = path.join(scratch, 'bad.sarif');
    await writeFile(file, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }));
    const failure = await exec(process.execPath, [script, file]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid SARIF: .*must be equal to one of the allowed values`));
  });

  it('exits 2 without a file', async () => {
    const failure = await exec(process.execPath, [script]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2, stderr: 'usage: validate-sarif.mjs FILE…\n' });
  });
});
