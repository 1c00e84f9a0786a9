/**
 * Hostile procedures in docs: huge shell blocks, huge command lines, quotes and heredocs that never
 * close. Each gives exactly the findings listed (or none), never a crash or a hang; vitest's
 * per-test timeout is the guard, no timing is asserted.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { brief, checkUnchanged, removeScratchRoots, scratchRoot } from './support.ts';

afterAll(removeScratchRoots);

const HANG_GUARD = { timeout: 60_000 };
const APP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: demo\ndata:\n  a: b\n';

function doc(...blocks: string[]): string {
  return `# Guide\n\n${blocks.join('\n\n')}\n`;
}

const shell = (lines: string[]): string => ['```bash', ...lines, '```'].join('\n');

/** A Deployment and a Service selecting it, so that no other rule speaks of it. */
function deployment(name: string): string {
  const labels = `      labels:\n        app: ${name}\n`;
  return [
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: demo\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n${labels}    spec:\n      containers:\n        - name: ${name}\n          image: example/${name}:1\n`,
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: demo\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n`,
  ].join('---\n');
}

describe('hostile procedures', HANG_GUARD, () => {
  it('reads a 10,000-line shell block', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 'kubectl apply -f k8s/app.yaml' : `echo "step ${i}" | tee -a log-${i}.txt`));
    const root = await scratchRoot({ 'k8s/app.yaml': APP, 'docs/guide.md': doc(shell([...lines, 'kubectl apply -f k8s/gone.yaml'])) });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([
      'docs/missing-file docs/guide.md:10004:18 Docs apply k8s/gone.yaml, which does not exist (looked for docs/k8s/gone.yaml, k8s/gone.yaml)',
    ]);
  });

  it('reads a command line with 10,000 arguments', async () => {
    const line = `kubectl apply ${Array.from({ length: 5_000 }, () => '-f k8s/app.yaml').join(' ')} -f k8s/gone.yaml`;
    const root = await scratchRoot({ 'k8s/app.yaml': APP, 'docs/guide.md': doc(shell([line])) });
    const result = await checkUnchanged(root);
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual(['docs/missing-file docs/guide.md:4']);
  });

  it('ends unbalanced quotes and substitutions at their line, and reads on', async () => {
    const lines = [...Array.from({ length: 5_000 }, () => `echo "it's $(date \${X \`id`), 'kubectl apply -f k8s/gone.yaml'];
    const root = await scratchRoot({ 'k8s/app.yaml': APP, 'docs/guide.md': doc(shell(lines)) });
    const result = await checkUnchanged(root);
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual(['docs/missing-file docs/guide.md:5004']);
  });

  it('reads a heredoc that never ends as its body, to the end of the block', async () => {
    const lines = ['cat <<EOF > k8s/extra.yaml', ...Array.from({ length: 5_000 }, () => 'kubectl apply -f k8s/gone.yaml'), 'EO', 'EOF2'];
    const root = await scratchRoot({ 'k8s/app.yaml': APP, 'docs/guide.md': doc(shell(lines), 'Then `kubectl apply -f k8s/extra.yaml`.') });
    const result = await checkUnchanged(root);
    expect(result.findings.map(brief)).toEqual([]);
  });

  it('reads a directory tree of 50,000 entries nested as deep as a line allows', async () => {
    // Below gone/: depth i % 100 (one column per level); then one staircase 1,000 levels deep.
    const sawtooth = Array.from({ length: 50_000 }, (_, i) => `${' '.repeat(1 + (i % 100))}├── d${i % 100}/`);
    const staircase = Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}└── s${i}/`);
    const tree = ['```text', 'k8s/', '├── app.yaml', '├── db.yaml', '├── gone/', ...sawtooth, ...staircase, '```'].join('\n');
    const root = await scratchRoot({ 'k8s/app.yaml': APP, 'k8s/db.yaml': APP.replace('name: app', 'name: db'), 'docs/guide.md': doc(tree) });
    const result = await checkUnchanged(root);
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      'docs/directory-tree docs/guide.md:7',
      'docs/directory-tree docs/guide.md:50008',
      // The Markdown guard reads lines indented past its nesting limit as plain text, and says so.
      'skipped-file docs/guide.md:50138',
    ]);
  });

  it('reads a 10,000-line script with stray closers, and what a doc says it deploys', async () => {
    // Stray `fi`, `done` and `)` close nothing: the exit on the last line but one is at the top level.
    const steps = Array.from({ length: 9_998 }, (_, i) => ['kubectl apply -f k8s/web.yaml', 'fi', ')', 'done'][i % 4]!);
    const script = ['#!/bin/sh', ...steps.slice(1), 'exit 0', 'kubectl apply -f k8s/haproxy.yaml'].join('\n');
    const root = await scratchRoot({
      'k8s/web.yaml': deployment('web'),
      'k8s/haproxy.yaml': deployment('haproxy'),
      'deploy.sh': script,
      'README.md': '# Demo\n\n`deploy.sh` deploys web and haproxy.\n',
    });
    const result = await checkUnchanged(root);
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column} ${finding.related.map((entry) => `${entry.file}:${entry.line}`).join(' ')}`)).toEqual([
      'docs/script-drift README.md:3:29 deploy.sh:9999 k8s/haproxy.yaml:4',
    ]);
  });

  it('reads a prose line that lists 10,000 things a script deploys', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => `the part-${i} piece`).join(', ');
    const root = await scratchRoot({
      'k8s/web.yaml': deployment('web'),
      'k8s/haproxy.yaml': deployment('haproxy'),
      'deploy.sh': '#!/bin/sh\nkubectl apply -f k8s/web.yaml\n',
      'README.md': `# Demo\n\n\`deploy.sh\` deploys web, ${items} and haproxy.\n`,
    });
    const result = await checkUnchanged(root);
    const column = '`deploy.sh` deploys web, '.length + items.length + ' and '.length + 1;
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column}`)).toEqual([`docs/script-drift README.md:3:${column}`]);
  });
});
