import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Provenance } from './review.ts';

const run = promisify(execFile);

/**
 * The commit the root is at, its committer date (UTC, so the same in every time zone) and the
 * repository's web URL when its `origin` remote is a known forge URL; undefined outside git.
 */
export async function gitProvenance(root: string): Promise<Provenance | undefined> {
  const git = async (...args: string[]) => {
    try {
      const { stdout } = await run('git', args, { cwd: path.resolve(root), env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
      return stdout.trim();
    } catch {
      return undefined;
    }
  };
  const [commit, time, prefix, remote] = await Promise.all([
    git('rev-parse', '--verify', '--quiet', 'HEAD'),
    git('log', '-1', '--format=%ct'),
    git('rev-parse', '--show-prefix'),
    git('remote', 'get-url', 'origin'),
  ]);
  if (!commit || !time) return undefined;
  const webUrl = remote ? webUrlOf(remote) : undefined;
  return {
    commit,
    commitDate: new Date(Number(time) * 1000).toISOString().slice(0, 10),
    ...(webUrl ? { webUrl } : {}),
    pathInRepo: prefix ?? '',
  };
}

/** https://host/owner/repo for the usual remote forms (scp-like ssh, ssh://, https://), without credentials or .git. */
export function webUrlOf(remote: string): string | undefined {
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)([\w./~-]+?)(?:\.git)?\/?$/.exec(remote);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const url = /^(?:ssh|git|https?):\/\/(?:[^@/]+@)?([\w.-]+)(?::\d+)?\/([\w./~-]+?)(?:\.git)?\/?$/.exec(remote);
  return url ? `https://${url[1]}/${url[2]}` : undefined;
}

/** A link to `file` at `line` in the web view of the commit, GitHub/Gitea/GitLab style. */
export function webFileUrl(provenance: Provenance & { webUrl: string }, file: string, line: number | undefined): string {
  const target = `${provenance.pathInRepo ?? ''}${file}`.split('/').map(encodeURIComponent).join('/');
  return `${provenance.webUrl}/blob/${provenance.commit}/${target}${line === undefined ? '' : `#L${line}`}`;
}
