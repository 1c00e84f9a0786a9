import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitProvenance, webFileUrl, webUrlOf } from '../../src/report/provenance.ts';

const scratch: string[] = [];
afterAll(async () => {
  for (const folder of scratch) await rm(folder, { recursive: true, force: true });
});

describe('where a reviewed root comes from', () => {
  it('turns the usual remote forms into the web URL of the repository', () => {
    expect(webUrlOf('git@github.com:acme/matrix-deploy.git')).toBe('https://github.com/acme/matrix-deploy');
    expect(webUrlOf('https://gitlab.example.org/ops/matrix/deploy.git')).toBe('https://gitlab.example.org/ops/matrix/deploy');
    expect(webUrlOf('ssh://git@git.example.org:2222/ops/deploy.git')).toBe('https://git.example.org/ops/deploy');
    expect(webUrlOf('https://user:token@github.com/acme/deploy')).toBe('https://github.com/acme/deploy');
    expect(webUrlOf('/srv/git/deploy.git')).toBeUndefined();
  });

  it('reads the commit, its UTC date, the web URL and the root inside the repository', async () => {
    const repo = await mkdtemp(path.join(tmpdir(), 'docdrift-provenance-'));
    scratch.push(repo);
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', GIT_COMMITTER_DATE: '2025-11-11T23:30:00-05:00', GIT_AUTHOR_DATE: '2025-11-11T23:30:00-05:00' },
      }).toString().trim();
    git('init', '-q');
    await mkdir(path.join(repo, 'deploy'));
    await writeFile(path.join(repo, 'deploy', 'README.md'), '# x\n');
    git('add', '.');
    git('commit', '-qm', 'first');
    git('remote', 'add', 'origin', 'git@github.com:acme/matrix-deploy.git');
    const commit = git('rev-parse', 'HEAD');
    const provenance = await gitProvenance(path.join(repo, 'deploy'));
    // 23:30 at UTC-5 is the next day in UTC, whatever TZ the test runs in.
    expect(provenance).toEqual({ commit, commitDate: '2025-11-12', webUrl: 'https://github.com/acme/matrix-deploy', pathInRepo: 'deploy/' });
    expect(webFileUrl({ ...provenance!, webUrl: provenance!.webUrl! }, 'config/haproxy.cfg', 157)).toBe(`https://github.com/acme/matrix-deploy/blob/${commit}/deploy/config/haproxy.cfg#L157`);
  });

  it('has none outside git', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'docdrift-no-git-'));
    scratch.push(folder);
    expect(await gitProvenance(folder)).toBeUndefined();
  });
});
