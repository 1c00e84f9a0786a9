import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES } from '../rule-tester.ts';
import { runCli } from './run-cli.ts';
import { SERVICE } from './project.ts';

const REPO = path.resolve(FIXTURES, '..', '..');

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-cli-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});


describe('docdrift CLI', () => {
  it('prints its version and help', async () => {
    const manifest = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: docdrift <command> [options]');
    expect(help.stdout).toMatch(/^  site build\|dev \[root\] +Publish/m);
  });

  it('checks the embedded default clean', async () => {
    const run = await runCli(['check', REPO]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 2 with one line for a missing root', async () => {
    const run = await runCli(['check', path.join(scratch, 'nope')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`docdrift: root not found: ${path.join(scratch, 'nope')}\n`);
  });

  it('exits 2 on unknown options, commands and formats', async () => {
    expect((await runCli(['check', '--frobnicate'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).stderr).toBe("docdrift: unknown command 'frobnicate' (see docdrift --help)\n");
    expect((await runCli(['check', scratch, '--format', 'xml'])).stderr).toBe(
      "docdrift: unknown format 'xml', expected one of: github, json, junit, sarif, stylish\n",
    );
  });

  it('reports nothing on an empty folder', async () => {
    const run = await runCli(['check', scratch, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ version: 1, root: path.relative(process.cwd(), scratch), summary: { errors: 0, warnings: 0, infos: 0, files: 0 }, findings: [] });
  });

  it('turns invalid YAML into a parse-error finding and still checks the other files', async () => {
    await writeFile(path.join(scratch, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n');
    await writeFile(path.join(scratch, 'service.yaml'), SERVICE);
    const run = await runCli(['check', scratch, '--format', 'json']);
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; line: number }[] }).findings;
    expect(findings.map(({ ruleId, file }) => ({ ruleId, file }))).toEqual([
      { ruleId: 'parse-error', file: 'broken.yaml' },
      { ruleId: 'k8s/dangling-service', file: 'service.yaml' },
    ]);
  });

  it('skips binary and oversized files with an info finding', async () => {
    await writeFile(path.join(scratch, 'binary.yaml'), Buffer.from([0x61, 0x00, 0x62, 0xff]));
    await writeFile(path.join(scratch, 'docdrift.config.yaml'), 'maxFileSize: 100\n');
    await writeFile(path.join(scratch, 'huge.yaml'), `# ${'x'.repeat(200)}\n`);
    const run = await runCli(['check', scratch, '--format', 'json']);
    expect(run.code).toBe(0);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
    expect(findings.map(({ ruleId, file, message }) => ({ ruleId, file, message }))).toEqual([
      { ruleId: 'skipped-file', file: 'binary.yaml', message: 'binary file (contains NUL bytes)' },
      { ruleId: 'skipped-file', file: 'huge.yaml', message: 'file is 203 bytes, over the 100-byte limit (maxFileSize)' },
    ]);
  });

  it('does not follow symbolic link loops or links out of the root', async () => {
    await mkdir(path.join(scratch, 'a'));
    await symlink(path.join(scratch, 'a'), path.join(scratch, 'a', 'loop'));
    await symlink('/etc', path.join(scratch, 'outside'));
    await writeFile(path.join(scratch, 'a', 'service.yaml'), SERVICE);
    const run = await runCli(['check', scratch, '--format', 'json']);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] }).findings;
    expect(findings.map(({ ruleId, file }) => `${ruleId} ${file}`)).toEqual(['k8s/dangling-service a/service.yaml']);
  });

  it('exits 2 naming the key of a bad config', async () => {
    await writeFile(path.join(scratch, 'docdrift.config.yaml'), 'rules:\n  k8s/dangling-service: loud\n');
    const run = await runCli(['check', scratch]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^docdrift: invalid config .*docdrift\.config\.yaml: rules\.k8s\/dangling-service: .*\n$/);
  });

  it('writes to --output and filters to errors with --quiet', async () => {
    await writeFile(path.join(scratch, 'service.yaml'), SERVICE);
    const out = path.join(scratch, 'out.txt');
    const run = await runCli(['check', scratch, '--output', out, '--quiet']);
    expect(run).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await readFile(out, 'utf8')).toContain('service.yaml:4:9  error  Service demo/web selects no pods');
  });
});
