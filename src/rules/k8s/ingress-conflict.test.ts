import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './ingress-conflict.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Two independent folders (units applied together) send one host and path to two Services: an error.
    { file: 'apps/payments/ingress.yaml', line: 25, related: ['apps/checkout/ingress.yaml:25'] },
    // A class against no class: a conflict only if that class is the cluster default (one step milder).
    { file: 'classes/ingress.yaml', line: 31, related: ['classes/ingress.yaml:13'] },
    // Two namespaces (one per environment): a warning, a conflict only when both are applied to one cluster.
    { file: 'envs/staging/ingress.yaml', line: 22, related: ['envs/production/ingress.yaml:22'] },
    // Files are read in path order, so ingress.yaml is the later claim of both pairs.
    // / sent to the same Service and port (one by name, one by number): a warning.
    { file: 'k8s/ingress.yaml', line: 11, related: ['k8s/ingress-www.yaml:12'] },
    // /api/ and /api are one Prefix path, sent to two Services: an error.
    { file: 'k8s/ingress.yaml', line: 18, related: ['k8s/ingress-api-v2.yaml:12'] },
  ],
});

it('says less when one Ingress names a class and the other gets the cluster default', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const severities = result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => `${finding.file}:${finding.line} ${finding.severity}`);
  expect(severities).toEqual(['apps/payments/ingress.yaml:25 error', 'classes/ingress.yaml:31 warning', 'envs/staging/ingress.yaml:22 warning', 'k8s/ingress.yaml:11 warning', 'k8s/ingress.yaml:18 error']);
  const classed = result.findings.find((finding) => finding.file === 'classes/ingress.yaml');
  expect(classed?.message).toContain("if nginx is the cluster's default IngressClass");
  const environments = result.findings.find((finding) => finding.file === 'envs/staging/ingress.yaml');
  expect(environments?.message).toContain('the controller serves only one of them when both are applied to one cluster.');
});
