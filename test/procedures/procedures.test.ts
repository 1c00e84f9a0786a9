/**
 * Procedures as an operator reads them (REAL-WORLD-SHAPES.md sections 3 and 5): one fixture per
 * shape under test/fixtures/procedures/, each checked end to end, with the exact docs findings
 * (rule, file:line) it must give: silent where an operator sees no drift, found where there is.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { FIXTURES } from '../rule-tester.ts';

/** The docs findings of a fixture as `rule file:line` (with `:column` when asked). */
async function docsFindings(fixture: string, withColumn = false): Promise<string[]> {
  const result = await check({ root: path.join(FIXTURES, 'procedures', fixture) });
  return result.findings
    .filter((finding) => finding.ruleId.startsWith('docs/'))
    .map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}${withColumn ? `:${finding.column}` : ''}`);
}

describe('procedures', () => {
  it('made-files: files the guide had the reader make, placeholders and remote targets are no missing files; edited files must exist', async () => {
    expect(await docsFindings('made-files')).toEqual([
      // The one applied manifest that neither the repository nor an earlier step has
      // (rendered.yaml is `kustomize build -o`'s; a git@ kustomize target is remote).
      'docs/missing-file docs/backup.md:48',
      // "Edit `x`" names a file that must exist.
      'docs/missing-file docs/backup.md:53',
      // So does "Update … in `x`".
      'docs/missing-file docs/backup.md:55',
    ]);
  });
});

describe('validation, folders and prerequisites', () => {
  it('validation: a --dry-run starts no creation-step check, apply -f DIR reads its top level only, prose prerequisites create', async () => {
    expect(await docsFindings('validation')).toEqual([
      // ConfigMap app-config: nothing creates it (the Secret is created in prose, line 3).
      'docs/missing-creation-step docs/guide.md:14',
      // `apply -R -f k8s/` reaches k8s/extra/worker.yaml, whose Secret worker-token nothing creates.
      'docs/missing-creation-step docs/workers.md:6',
    ]);
  });

  it('shared-secret: one missing Secret used by three workloads is one finding with three related places', async () => {
    const result = await check({ root: path.join(FIXTURES, 'procedures', 'shared-secret') });
    const findings = result.findings.filter((finding) => finding.ruleId.startsWith('docs/'));
    expect(findings.map((finding) => [finding.ruleId, `${finding.file}:${finding.line}`, finding.related.map((entry) => `${entry.file}:${entry.line}`)])).toEqual([
      ['docs/missing-creation-step', 'docs/guide.md:5', ['k8s/cart.yaml:20', 'k8s/checkout.yaml:20', 'k8s/payment.yaml:20']],
    ]);
  });
});

describe('history', () => {
  it('history: deletion and rename lines, Files changed sections, changelogs, reviews and fix lists name the past', async () => {
    expect(await docsFindings('history')).toEqual([
      // The one current reference to a file that is not there.
      'docs/missing-file docs/operations.md:8',
    ]);
  });
});

describe('sizes that are not the deployment', () => {
  it('sizing: tier tables, user-count sections, e.g. values, arithmetic and scale procedures are no replica claims; a scaled-to ordinal exists', async () => {
    expect(await docsFindings('sizing')).toEqual([
      'docs/replica-mismatch docs/scaling.md:31',
      'docs/unknown-service docs/scaling.md:31',
    ]);
  });
});

describe('diagrams', () => {
  it('diagrams: a count drawn beside a box label is a replica claim', async () => {
    expect(await docsFindings('diagrams')).toEqual([
      // The relay StatefulSet has 2 replicas; "relay x2" and "relay ×2" agree.
      'docs/replica-mismatch docs/architecture.md:5',
    ]);
  });
});

describe('manifest comments', () => {
  it('manifest-comments: a file named in a manifest comment must exist', async () => {
    expect(await docsFindings('manifest-comments')).toEqual([
      // "the workers are in 05-workers.yaml": there is no such file.
      'docs/missing-file k8s/01-app.yaml:1',
    ]);
  });
});

describe('scripts', () => {
  it('script-folders: a README that says deploy-all.sh deploys the proxy and the workers, while it applies three other folders', async () => {
    const result = await check({ root: path.join(FIXTURES, 'procedures', 'script-folders') });
    const findings = result.findings.filter((finding) => finding.ruleId.startsWith('docs/'));
    expect(findings.map((finding) => [finding.ruleId, `${finding.file}:${finding.line}:${finding.column}`, finding.related.map((entry) => `${entry.file}:${entry.line}`)])).toEqual([
      // One finding for the sentence, at "proxy"; "the namespace" and "the database" name nothing the model knows.
      ['docs/script-drift', 'README.md:3:67', ['deploy-all.sh:1', 'k8s/proxy/haproxy.yaml:4', 'k8s/workers/generic-worker.yaml:4']],
    ]);
  });

  it('scripts: shell scripts are procedures: what they apply and read must exist, what they name must be defined', async () => {
    // Each at the word that names the file or object, not at the command.
    expect(await docsFindings('scripts', true)).toEqual([
      // --from-file=config/missing.toml
      'docs/missing-file deploy-all.sh:3:94',
      // k8s/workers.yaml was renamed (or never written).
      'docs/missing-file deploy-all.sh:5:18',
      // envsubst < k8s/gone.tmpl.yaml | kubectl apply -f -
      'docs/missing-file deploy-all.sh:7:12',
      // app is a Deployment.
      'docs/unknown-object deploy-all.sh:9:35',
      // up.sh still applies k8s/workers.yaml, renamed to k8s/worker.yaml: one cause, one finding. The
      // README's "`up.sh` deploys the app and the worker" is no docs/script-drift finding of its own.
      'docs/missing-file up.sh:3:18',
    ]);
  });
});
