import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './selects-nothing.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A Helm release in the namespace may create the StatefulSet: a warning that names it.
    { file: 'k8s/cache.yaml', line: 13, related: ['README.md:4'] },
    // A CloudNativePG Cluster runs the pods, with other labels: a warning only.
    { file: 'k8s/ledger.yaml', line: 20, related: ['k8s/ledger.yaml:6'] },
    // The HPA names a Deployment; db is a StatefulSet.
    { file: 'k8s/policies.yaml', line: 10, related: ['k8s/workloads.yaml:29'] },
    { file: 'k8s/policies.yaml', line: 22, related: [] },
    // PodDisruptionBudget app=webapp; the pods carry app=web.
    { file: 'k8s/policies.yaml', line: 34, related: ['k8s/workloads.yaml:4'] },
    // NetworkPolicy podSelector, then a from peer (matchExpressions) that no pod matches.
    { file: 'k8s/policies.yaml', line: 44, related: ['k8s/workloads.yaml:29'] },
    { file: 'k8s/policies.yaml', line: 53, related: ['k8s/workloads.yaml:4'] },
    // ServiceMonitor selector against Service labels, then a port name the Service lacks.
    { file: 'k8s/policies.yaml', line: 65, related: ['k8s/workloads.yaml:52'] },
    { file: 'k8s/policies.yaml', line: 80, related: ['k8s/workloads.yaml:60'] },
    // PodMonitor port against container port names.
    { file: 'k8s/policies.yaml', line: 92, related: ['k8s/workloads.yaml:46'] },
  ],
});

it('is an error when every pod of the namespace is visible, a warning when an operator or a release may run them', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const severities = result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => `${finding.file}:${finding.line} ${finding.severity}`);
  expect(severities.slice(0, 4)).toEqual(['k8s/cache.yaml:13 warning', 'k8s/ledger.yaml:20 warning', 'k8s/policies.yaml:10 error', 'k8s/policies.yaml:22 error']);
  expect(result.findings.find((finding) => finding.file === 'k8s/cache.yaml')!.message).toBe(
    'HorizontalPodAutoscaler cache-replicas scales StatefulSet cache/cache-redis-slave, which no manifest defines: it never scales anything (not certain: release cache (bitnami/redis) in cache may create what it selects)',
  );
});
