import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './dangling-service.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A selector no pod carries, in a kustomize base that two overlays render: one finding at the base's line.
    { file: 'blog/base/service.yaml', line: 5, related: ['blog/base/service.yaml:7'] },
    // Selects the StatefulSet's own labels, not its pod template's.
    { file: 'manifests/redis.yaml', line: 31, related: ['manifests/redis.yaml:35'] },
    // The pods of an Argo Rollout carry its template's labels (app=web), not app=website.
    { file: 'manifests/rollout.yaml', line: 21, related: ['manifests/rollout.yaml:24'] },
    // component=master: no pod carries it (app=synapse alone would match).
    { file: 'manifests/synapse.yaml', line: 29, related: ['manifests/synapse.yaml:34'] },
  ],
});

it('says less when a chart docdrift could not render may define what is missing', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'unrendered') });
  const findings = result.findings.filter((finding) => finding.ruleId === rule.id);
  expect(findings.map((finding) => [finding.file, finding.line, finding.severity, finding.related.map((entry) => `${entry.file}:${entry.line}`)])).toEqual([
    ['k8s/service.yaml', 5, 'warning', ['charts/web/Chart.yaml:1']],
  ]);
  expect(findings[0]?.message).toContain('selects no pod of the rendered manifests (app=web); chart charts/web, which docdrift did not render, may run them');
});

it('reads a Helm release installed in inline code like one in a fenced block', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'inline-release') });
  // Before: an error, as if nothing could run the pods.
  expect(result.findings.map((finding) => [finding.ruleId, finding.severity, `${finding.file}:${finding.line}`, finding.related.map((entry) => `${entry.file}:${entry.line}`)])).toEqual([
    ['k8s/dangling-service', 'warning', 'k8s/grafana.yaml:4', ['README.md:3']],
  ]);
});
