import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changedFiles } from '../../src/discover/changed-files.ts';
import { PROJECT, writeProject } from './project.ts';
import { runCli } from './run-cli.ts';

const exec = promisify(execFile);

let repo: string;
/** The checked root: a folder inside the repository, so paths must be made relative to it. */
let root: string;

async function git(...args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-c', 'user.name=docdrift', '-c', 'user.email=docdrift@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  return stdout;
}

const COPY = `# Repeats the Service of service.yaml.
apiVersion: v1
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
const WORKLOAD = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: web
          image: nginx
`;

beforeEach(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'docdrift-git-'));
  root = path.join(repo, 'deploy');
  await writeProject(root, { ...PROJECT, 'service.yaml': PROJECT['service.yaml'] + WORKLOAD, 'copy.yaml': COPY });
  await writeFile(path.join(repo, 'README.md'), '# Outside the checked root\n');
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'initial');
  await git('checkout', '-q', '-b', 'feature');
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

/** `file:line rule-id` of the findings --changed-since main reports. */
async function changedFindings(): Promise<string[]> {
  const run = await runCli(['check', root, '-f', 'json', '--changed-since', 'main']);
  expect(run.stderr).toBe('');
  const output = JSON.parse(run.stdout) as { summary: { errors: number; warnings: number; infos: number }; findings: { file: string; line: number; ruleId: string }[] };
  const { errors, warnings, infos } = output.summary;
  expect(errors + warnings + infos).toBe(output.findings.length);
  return output.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`);
}

describe('docdrift check --changed-since', () => {
  it('reports everything without it, and nothing when nothing changed', async () => {
    const all = JSON.parse((await runCli(['check', root, '-f', 'json'])).stdout) as { findings: { file: string; line: number; ruleId: string }[] };
    expect(all.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual([
      'chart.yaml:4 skipped-file',
      'copy.yaml:5 k8s/dangling-service',
      'copy.yaml:5 k8s/duplicate-resource',
      'haproxy.cfg:14 haproxy/unused-backend',
      'service.yaml:4 k8s/dangling-service',
    ]);
    expect(await changedFindings()).toEqual([]);
    expect(await runCli(['check', root, '--changed-since', 'main'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('keeps findings in files changed by commits since the merge base, and in uncommitted and untracked files', async () => {
    await writeFile(path.join(root, 'haproxy.cfg'), `# Edited on the branch.\n${PROJECT['haproxy.cfg']}`);
    await writeFile(path.join(repo, 'README.md'), '# Changed outside the root\n');
    await git('commit', '-q', '-am', 'edit haproxy.cfg');
    // main moves on after the branch point: its changes are not the branch's.
    await git('checkout', '-q', 'main');
    await writeFile(path.join(root, 'chart.yaml'), `${PROJECT['chart.yaml']}# edited on main\n`);
    await git('commit', '-q', '-am', 'edit chart on main');
    await git('checkout', '-q', 'feature');
    expect(await changedFindings()).toEqual(['haproxy.cfg:15 haproxy/unused-backend']);

    // Uncommitted (staged or not) and untracked files count too.
    await writeFile(path.join(root, 'new.yaml'), PROJECT['service.yaml']!.replace('name: web', 'name: api'));
    expect(await changedFindings()).toEqual(['haproxy.cfg:15 haproxy/unused-backend', 'new.yaml:4 k8s/dangling-service']);
    expect([...(await changedFiles(root, 'main'))].sort()).toEqual(['haproxy.cfg', 'new.yaml']);
  });

  it('keeps a finding whose related place is in a changed file', async () => {
    // copy.yaml repeats a Service of service.yaml: the finding is in copy.yaml, its related place in service.yaml.
    await writeFile(path.join(root, 'service.yaml'), `# Edited.\n${PROJECT['service.yaml']}${WORKLOAD}`);
    expect(await changedFindings()).toEqual(['copy.yaml:5 k8s/duplicate-resource', 'service.yaml:5 k8s/dangling-service']);
  });

  it('exits 2 on a ref git does not know, or outside a git repository', async () => {
    const bad = await runCli(['check', root, '--changed-since', 'no-such-branch']);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: "docdrift: --changed-since no-such-branch: unknown git ref 'no-such-branch'\n" });
    const outside = await mkdtemp(path.join(tmpdir(), 'docdrift-nogit-'));
    try {
      const run = await runCli(['check', outside, '--changed-since', 'main']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`docdrift: --changed-since main: ${outside} is not in a git repository: fatal: not a git repository (or any of the parent directories): .git\n`);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
