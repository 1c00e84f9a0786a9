import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CheckResult } from '../engine/analyze.ts';
import { UsageError } from '../engine/errors.ts';
import { summarize } from '../engine/finding.ts';

const run = promisify(execFile);

/**
 * Root-relative paths (POSIX) of the files changed since a git ref: what differs between the
 * working tree (committed, staged or not) and the merge base of REF and HEAD (the base of
 * `git diff REF...`), plus untracked files that are not ignored. Files outside the root are left out.
 */
export async function changedFiles(root: string, ref: string): Promise<Set<string>> {
  const cwd = path.resolve(root);
  const git = async (args: string[], what: string): Promise<string> => {
    try {
      const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
      return stdout;
    } catch (error) {
      const failure = error as NodeJS.ErrnoException & { stderr?: string };
      if (failure.code === 'ENOENT') throw new UsageError('--changed-since needs git, which is not installed');
      const detail = (failure.stderr ?? '').trim().split('\n')[0];
      throw new UsageError(`--changed-since ${ref}: ${what}${detail ? `: ${detail}` : ''}`);
    }
  };
  await git(['rev-parse', '--show-toplevel'], `${root} is not in a git repository`);
  await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], `unknown git ref '${ref}'`);
  const base = (await git(['merge-base', ref, 'HEAD'], `no common ancestor of '${ref}' and HEAD`)).trim();
  const tracked = await git(['diff', '--name-only', '--relative', '-z', '--no-ext-diff', base, '--'], 'git diff failed');
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z', '--', '.'], 'git ls-files failed');
  return new Set([...tracked.split('\0'), ...untracked.split('\0')].filter((file) => file !== ''));
}

/** The findings whose file, or one of whose related places, is among `files`; the summary is recounted. */
export function onlyChanged(result: CheckResult, files: ReadonlySet<string>): CheckResult {
  const findings = result.findings.filter((finding) => files.has(finding.file) || finding.related.some((related) => files.has(related.file)));
  return { ...result, findings, summary: summarize(findings, result.summary.files) };
}
