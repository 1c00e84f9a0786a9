/**
 * What git knows about the checked folder: the commit the site is built from, where the repository
 * is hosted (for edit links) and when each file last changed. Everything is undefined outside a git
 * repository or without git; nothing here reaches the network.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GitInfo {
  commit: string;
  /** Committer date of that commit, ISO 8601 (`2026-03-01T12:00:00+01:00`). */
  date: string;
  /** The checked folder inside the repository, with a trailing slash ('' at the top). */
  prefix: string;
  /** https URL of the `origin` remote's web page, when it is a known host form. */
  webUrl: string | undefined;
  /** The branch checked out, for edit links; undefined when detached. */
  branch: string | undefined;
  /** Committer date (ISO 8601) of the last commit that changed each root-relative file. */
  lastChanged: Map<string, string>;
}

async function git(root: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['-C', root, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    return stdout;
  } catch {
    return undefined;
  }
}

/** The git facts of `root`, or undefined when it is not in a repository with a commit. */
export async function readGitInfo(root: string, files: readonly string[]): Promise<GitInfo | undefined> {
  const head = await git(root, ['log', '-1', '--format=%H%n%cI']);
  if (!head) return undefined;
  const [commit, date] = head.trim().split('\n');
  if (!commit || !date) return undefined;
  const [prefix, remote, branch, history] = await Promise.all([
    git(root, ['rev-parse', '--show-prefix']),
    git(root, ['config', '--get', 'remote.origin.url']),
    git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
    // One walk of the history: each commit's date, then the files it changed (relative to root).
    git(root, ['log', '--format=%x00%cI', '--name-only', '--relative', '--no-renames', '--', '.']),
  ]);
  const wanted = new Set(files);
  const lastChanged = new Map<string, string>();
  for (const entry of (history ?? '').split('\0').slice(1)) {
    const [when, ...changed] = entry.split('\n').filter(Boolean);
    for (const file of changed) if (wanted.has(file) && !lastChanged.has(file)) lastChanged.set(file, when!);
  }
  return { commit, date, prefix: (prefix ?? '').trim(), webUrl: webUrl(remote?.trim()), branch: branch?.trim() || undefined, lastChanged };
}

/**
 * The web page of a remote: `git@github.com:org/repo.git` and `https://host/org/repo(.git)` become
 * `https://host/org/repo`; credentials in the URL are dropped. undefined for anything else (file paths).
 */
export function webUrl(remote: string | undefined): string | undefined {
  if (!remote) return undefined;
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(remote);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const url = /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?([\w.-]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(remote);
  return url ? `https://${url[1]}/${url[2]}` : undefined;
}

/** The page that edits a file on its host: GitHub and Gitea/Forgejo use /edit/, GitLab /-/edit/. */
export function editUrl(info: GitInfo, file: string): string | undefined {
  if (!info.webUrl) return undefined;
  const path = `${info.prefix}${file}`;
  const ref = info.branch ?? info.commit;
  return /gitlab/i.test(info.webUrl) ? `${info.webUrl}/-/edit/${ref}/${path}` : `${info.webUrl}/edit/${ref}/${path}`;
}
