import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './duplicate-resource.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The leftover file sorts first, yet the copy in redis.yaml (the file with objects of its own) is the one kept.
    { file: 'manifests/00-legacy-redis-service.yaml', line: 5, related: ['manifests/redis.yaml:42'] },
    // The same Secret, although this copy omits metadata.namespace (the default namespace is matrix).
    { file: 'manifests/00-legacy-redis-service.yaml', line: 17, related: ['manifests/redis.yaml:4'] },
    // The same Namespace with the same labels: a warning (kubectl apply is unharmed).
    { file: 'manifests/zz-rbac-copy.yaml', line: 4, column: 9, related: ['manifests/rbac.yaml:6'] },
    // A cluster-scoped ClusterRole whose copies write different namespaces: one object, two sets of rules.
    { file: 'manifests/zz-rbac-copy.yaml', line: 11, column: 9, related: ['manifests/rbac.yaml:13'] },
  ],
});

it('is a warning for a Namespace repeated with the same metadata, and names cluster-scoped objects without a namespace', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const findings = result.findings.filter((finding) => finding.ruleId === rule.id);
  expect(findings.map((finding) => finding.severity)).toEqual(['error', 'error', 'warning', 'error']);
  expect(findings[3]!.message).toBe('Unexpected second definition of ClusterRole synapse-reader, expected one (also defined in manifests/rbac.yaml:13)');
});
