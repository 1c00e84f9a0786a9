import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './missing-creation-step.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The guide creates synapse-secrets, but in matrix-staging; the StatefulSet runs in matrix.
    { file: 'docs/deployment-guide.md', line: 14, column: 18, related: ['deployment/manifests/06-synapse-workers.yaml:59'] },
    // haproxy-config is created only in an example section, which is no step of the guide.
    { file: 'docs/deployment-guide.md', line: 20, column: 18, related: ['deployment/manifests/07-haproxy.yaml:34'] },
  ],
});

it('names the near Secret that an operator does create: making the names agree is the likelier fix', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'near-name') });
  expect(result.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line} [${finding.related.map((entry) => `${entry.file}:${entry.line}`).join(', ')}] ${finding.message}`)).toEqual([
    // The Certificate writes api-int-tls; the Deployment mounts api-internal-tls.
    'docs/missing-creation-step README.md:4 [k8s/all.yaml:28, k8s/all.yaml:52] The guide applies k8s/all.yaml, whose Deployment api needs Secret api-internal-tls, but no step creates it; Certificate api-internal creates Secret api-int-tls in shop: make the two names agree, or add `kubectl create secret generic api-internal-tls --from-literal=… -n shop` before it',
    // The ExternalSecret's target is api-secret; envFrom reads api-secrets.
    'docs/missing-creation-step README.md:4 [k8s/all.yaml:22, k8s/all.yaml:60] The guide applies k8s/all.yaml, whose Deployment api needs Secret api-secrets, but no step creates it; ExternalSecret api-secrets creates Secret api-secret in shop: make the two names agree, or add `kubectl create secret generic api-secrets --from-literal=… -n shop` before it',
  ]);
});
