import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './missing-reference.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A bundle built from a folder misses the Secret too: one finding in the folder, the bundle's line related.
    { file: 'bundle/parts/api.yaml', line: 23, column: 25, related: ['bundle/parts/api.yaml:5', 'bundle/all-in-one.yaml:23'] },
    // A ConfigMap volume projecting two keys: one finding, at the first key.
    { file: 'manifests/haproxy.yaml', line: 32, related: ['manifests/haproxy.yaml:4'] },
    // A Secret reference whose name is a ConfigMap.
    { file: 'manifests/synapse.yaml', line: 39, related: ['manifests/synapse.yaml:21'] },
    // A Secret that exists only in another namespace.
    { file: 'manifests/synapse.yaml', line: 53, related: ['manifests/synapse.yaml:21'] },
    // A kustomize base that two overlays render without generating the Secret: one finding for both namespaces.
    { file: 'shop/base/web.yaml', line: 20, column: 23, related: ['shop/base/web.yaml:5'] },
  ],
});

it('names every namespace a base line misses the object in', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const finding = result.findings.find((entry) => entry.ruleId === rule.id && entry.file === 'shop/base/web.yaml')!;
  expect(finding.message).toBe('Deployment web uses Secret web-secrets in namespaces shop-prod and shop-staging (envFrom), which no manifest defines');
});

it('names the near Secret that an operator does create', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'near-name') });
  expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line} [${finding.related.map((entry) => `${entry.file}:${entry.line}`).join(', ')}] ${finding.message}`)).toEqual([
    // The ExternalSecret's target is api-secret; envFrom reads api-secrets.
    'k8s/missing-reference k8s/all.yaml:22 [k8s/all.yaml:12, k8s/all.yaml:60] Deployment api uses Secret shop/api-secrets (envFrom), which no manifest defines; ExternalSecret api-secrets creates Secret api-secret in shop: make the two names agree',
    // The Certificate writes api-int-tls; the Deployment mounts api-internal-tls.
    'k8s/missing-reference k8s/all.yaml:28 [k8s/all.yaml:12, k8s/all.yaml:52] Deployment api uses Secret shop/api-internal-tls (volume), which no manifest defines; Certificate api-internal creates Secret api-int-tls in shop: make the two names agree',
  ]);
});
