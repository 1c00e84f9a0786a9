// `docdrift report` as installed (dist/bin, built by `npm run build`): same bytes wherever and whenever it runs.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../rule-tester.ts';

const REPO = path.resolve(FIXTURES, '..', '..');
const BIN = path.join(REPO, 'dist', 'bin', 'docdrift.js');
const ROOT = path.join(REPO, 'test/report/fixtures/broken-routing');

function report(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'report', ...args], { cwd: options.cwd ?? REPO, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('docdrift report', () => {
  it.each(['markdown', 'html', 'json'])('writes the same %s in every working directory, time zone and locale', async (format) => {
    const here = await report([ROOT, '--format', format]);
    expect(here.code).toBe(0);
    const elsewhere = await report([ROOT, '--format', format], { cwd: tmpdir(), env: { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'tr_TR.UTF-8' } });
    expect(elsewhere).toEqual(here);
    // The header carries the commit, its date and docdrift's version, never the time of the run.
    if (format === 'json') {
      const data = JSON.parse(here.stdout);
      expect(Object.keys(data)).toEqual(['version', 'root', 'docdrift', 'commit', 'commitDate', 'summary', 'issues']);
      expect(data.commitDate).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(data.issues[0]).toMatchObject({ number: 1, impact: 'critical', rules: ['haproxy/line-continuation', 'parse-error'] });
    } else {
      expect(here.stdout).toMatch(/Commit:(<\/strong>)? <code>[0-9a-f]{12}<\/code> \(\d{4}-\d\d-\d\d\)|\*\*Commit:\*\* `[0-9a-f]{12}` \(\d{4}-\d\d-\d\d\)/);
    }
  });

  it('names the formats it knows', async () => {
    expect(await report(['--format', 'pdf'])).toEqual({ code: 2, stdout: '', stderr: "docdrift: unknown report format 'pdf', expected markdown, html or json\n" });
  });
});
