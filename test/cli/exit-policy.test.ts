import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCode } from '../../src/cli/cli.ts';
import type { Finding } from '../../src/engine/finding.ts';
import { writeProject } from './project.ts';
import { runCli } from './run-cli.ts';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'docdrift-exit-'));
  await writeProject(scratch);
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The project's findings: skipped-file (info), haproxy/unused-backend (warning), k8s/dangling-service (error unless configured). */
async function code(args: string[], config?: string): Promise<number> {
  if (config !== undefined) await writeFile(path.join(scratch, 'docdrift.config.yaml'), config);
  const run = await runCli(['check', scratch, '-f', 'json', ...args]);
  expect(run.stderr).toBe('');
  return run.code;
}

describe('exit policy', () => {
  it('fails on errors by default, and on warnings or infos with --fail-on', async () => {
    expect(await code([])).toBe(1);
    expect(await code(['--fail-on', 'error'])).toBe(1);
    const noErrors = 'rules:\n  k8s/dangling-service: off\n';
    expect(await code([], noErrors)).toBe(0);
    expect(await code(['--fail-on', 'warning'])).toBe(1);
    expect(await code(['--fail-on', 'info'])).toBe(1);
    const infoOnly = 'rules:\n  k8s/dangling-service: off\n  haproxy/unused-backend: info\n';
    expect(await code(['--fail-on', 'warning'], infoOnly)).toBe(0);
    expect(await code(['--fail-on', 'info'])).toBe(1);
  });

  it('fails when the warnings exceed --max-warnings', async () => {
    const twoWarnings = 'rules:\n  k8s/dangling-service: warning\n';
    expect(await code([], twoWarnings)).toBe(0);
    expect(await code(['--max-warnings', '2'])).toBe(0);
    expect(await code(['--max-warnings', '1'])).toBe(1);
    expect(await code(['--max-warnings', '0'])).toBe(1);
    // --max-warnings does not lift --fail-on.
    expect(await code(['--max-warnings', '5', '--fail-on', 'warning'])).toBe(1);
    expect(await code(['--max-warnings', '5'], '')).toBe(1);
  });

  it('counts what is reported: --quiet leaves the warnings out', async () => {
    expect(await code(['--quiet', '--fail-on', 'warning'], 'rules:\n  k8s/dangling-service: warning\n')).toBe(0);
    expect(await code(['--quiet', '--max-warnings', '0'])).toBe(0);
  });

  it('exits 2 on bad values', async () => {
    expect(await runCli(['check', scratch, '--fail-on', 'fatal'])).toEqual({ code: 2, stdout: '', stderr: "docdrift: --fail-on takes error, warning or info, got 'fatal'\n" });
    expect(await runCli(['check', scratch, '--max-warnings=-1'])).toEqual({ code: 2, stdout: '', stderr: "docdrift: --max-warnings takes a whole number (0 or more), got '-1'\n" });
    expect(await runCli(['check', scratch, '--max-warnings', '-1'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "docdrift: Option '--max-warnings' argument is ambiguous. Did you forget to specify the option argument for '--max-warnings'? To specify an option argument starting with a dash use '--max-warnings=-XYZ'. (see docdrift --help)\n",
    });
    expect(await runCli(['check', scratch, '--max-warnings', 'many'])).toEqual({ code: 2, stdout: '', stderr: "docdrift: --max-warnings takes a whole number (0 or more), got 'many'\n" });
    expect(await runCli(['report', scratch, '--fail-on', 'error'])).toEqual({ code: 2, stdout: '', stderr: 'docdrift: report does not take --fail-on (see docdrift --help)\n' });
  });

  it('is one pure function of the reported findings', () => {
    const finding = (severity: Finding['severity']) => ({ severity }) as Finding;
    expect(exitCode([], 'info', 0)).toBe(0);
    expect(exitCode([finding('info')], 'error', undefined)).toBe(0);
    expect(exitCode([finding('info')], 'info', undefined)).toBe(1);
    expect(exitCode([finding('warning'), finding('warning')], 'error', 2)).toBe(0);
    expect(exitCode([finding('warning'), finding('warning')], 'error', 1)).toBe(1);
    expect(exitCode([finding('error')], 'error', 10)).toBe(1);
  });
});
