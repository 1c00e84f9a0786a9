import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './unknown-object.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The Ingress is `web`: no Ingress is called shop-ingress in namespace store.
    { file: 'docs/runbook.md', line: 4, column: 32 },
    // ev is a StatefulSet.
    { file: 'docs/runbook.md', line: 5, column: 26, related: ['k8s/store.yaml:4'] },
    // The namespace is store (at the name in `deployment/web`).
    { file: 'docs/runbook.md', line: 6, column: 36, related: ['k8s/store.yaml:23'] },
    // The Certificate is web-tls.
    { file: 'docs/runbook.md', line: 8, column: 39 },
    // A block indented in a list: the column is the file's, indentation included.
    { file: 'docs/runbook.md', line: 14, column: 48 },
    // The CloudNativePG Cluster `cluster` creates the Secret cluster-app in store, not in shop.
    { file: 'docs/runbook.md', line: 20, column: 28, related: ['k8s/store.yaml:80'] },
    // No pod in store is labelled app=shop-web (the web pods are app=web; the Cluster's carry cnpg.io/cluster).
    { file: 'docs/runbook.md', line: 28, column: 26, related: ['k8s/store.yaml:4', 'k8s/store.yaml:23'] },
  ],
});

it("names the object as a kustomize overlay renames it in the namespace the docs address", async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'renamed') });
  expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column} [${finding.related.map((entry) => `${entry.file}:${entry.line}`).join(', ')}] ${finding.message}`)).toEqual([
    // overlays/prod adds namePrefix prod-; staging keeps the base's names.
    'docs/unknown-object README.md:7:43 [base/deployment.yaml:4] Docs run kubectl rollout on Deployment web in namespace web-prod, but there it is named prod-web: write prod-web',
  ]);
});
