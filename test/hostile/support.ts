/**
 * Scratch deployment folders for the hostile-input tests: built at test time under the
 * OS temp dir (never inside the repo, never committed), checked, and compared before
 * and after the run to prove docdrift wrote nothing into the folder it checked.
 */
import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import { check, type CheckResult } from '../../src/index.ts';
import { runCli, type CliRun } from '../cli/run-cli.ts';

const created: string[] = [];

/** A fresh folder holding `files` (path → content); parent folders are made as needed. */
export async function scratchRoot(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'docdrift-hostile-'));
  created.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return root;
}

export async function removeScratchRoots(): Promise<void> {
  await Promise.all(created.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

/** Every entry below a folder (links not followed, FIFOs not opened): path, type, size and mtime. */
export async function snapshot(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(path.join(root, dir));
    } catch (error) {
      out.push(`${dir}/ unreadable ${(error as NodeJS.ErrnoException).code}`);
      return;
    }
    for (const name of names.sort()) {
      const relative = dir === '' ? name : `${dir}/${name}`;
      const info = await lstat(path.join(root, relative));
      const type = info.isDirectory() ? 'dir' : info.isSymbolicLink() ? 'link' : info.isFile() ? 'file' : 'special';
      out.push(`${relative} ${type} ${info.size} ${info.mtimeMs} ${info.mode.toString(8)}`);
      if (info.isDirectory()) await walk(relative);
    }
  };
  await walk('');
  return out;
}

/** `check({ root })`, asserting that the folder is exactly as it was afterwards. */
export async function checkUnchanged(root: string): Promise<CheckResult> {
  const before = await snapshot(root);
  const result = await check({ root });
  expect(await snapshot(root)).toEqual(before);
  return result;
}

/** The CLI's `check --format json`, asserting that the folder is exactly as it was afterwards. */
export async function cliUnchanged(root: string, args: string[] = []): Promise<CliRun & { findings: Finding[] }> {
  const before = await snapshot(root);
  const run = await runCli(['check', root, '--format', 'json', ...args]);
  expect(await snapshot(root)).toEqual(before);
  const findings = run.stdout === '' ? [] : (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
  return { ...run, findings };
}

/** A finding as one line: rule, place, message. */
export function brief(finding: Finding): string {
  return `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column} ${finding.message}`;
}

export const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: demo
spec:
  selector:
    app: web
  ports:
    - port: 80
`;

export const DANGLING_WEB = 'k8s/dangling-service {file}:4:9 Service demo/web selects no pods: no workload in namespace demo has labels app=web';

export function dangling(file: string): string {
  return DANGLING_WEB.replace('{file}', file);
}
