/** What the site takes from git: the web page of a remote, edit links, and each file's last change. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editUrl, readGitInfo, webUrl } from '../../src/site/git.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('git facts of the checked folder', () => {
  it('turns remotes into web pages, dropping credentials, and nothing else', () => {
    expect(webUrl('git@github.com:acme/infra.git')).toBe('https://github.com/acme/infra');
    expect(webUrl('https://user:token@gitlab.example.org/group/sub/infra.git')).toBe('https://gitlab.example.org/group/sub/infra');
    expect(webUrl('ssh://git@codeberg.org:2222/acme/infra')).toBe('https://codeberg.org/acme/infra');
    expect(webUrl('/srv/git/infra.git')).toBeUndefined();
    expect(webUrl(undefined)).toBeUndefined();
  });

  it('reads the commit, the folder in the repository, the remote and when each file last changed', async () => {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'docdrift-git-'));
    dirs.push(repo);
    const git = (args: string[], date = '2026-01-02T03:04:05Z') =>
      execFileSync('git', ['-C', repo, ...args], {
        encoding: 'utf8',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      });
    git(['init', '-q', '-b', 'main']);
    git(['remote', 'add', 'origin', 'git@github.com:acme/infra.git']);
    await mkdir(path.join(repo, 'deploy/docs'), { recursive: true });
    await writeFile(path.join(repo, 'deploy/docs/a.md'), '# A\n');
    await writeFile(path.join(repo, 'deploy/app.yaml'), 'kind: Service\n');
    git(['add', '.']);
    git(['commit', '-q', '-m', 'one']);
    await writeFile(path.join(repo, 'deploy/docs/a.md'), '# A\n\nMore.\n');
    git(['commit', '-q', '-am', 'two'], '2026-02-03T04:05:06Z');
    const info = (await readGitInfo(path.join(repo, 'deploy'), ['docs/a.md', 'app.yaml', 'untracked.yaml']))!;
    expect(info.commit).toBe(git(['rev-parse', 'HEAD']).trim());
    expect(info.date).toBe('2026-02-03T04:05:06+00:00');
    expect(info.prefix).toBe('deploy/');
    expect(info.branch).toBe('main');
    expect(Object.fromEntries(info.lastChanged)).toEqual({ 'docs/a.md': '2026-02-03T04:05:06+00:00', 'app.yaml': '2026-01-02T03:04:05+00:00' });
    expect(editUrl(info, 'docs/a.md')).toBe('https://github.com/acme/infra/edit/main/deploy/docs/a.md');
  });

  it('knows nothing outside a repository', async () => {
    const plain = await mkdtemp(path.join(os.tmpdir(), 'docdrift-nogit-'));
    dirs.push(plain);
    expect(await readGitInfo(plain, [])).toBeUndefined();
  });
});
