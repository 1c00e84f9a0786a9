import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './ingress-backend.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The bundle's Ingress names a Service that only the folder it was built from (an alternative unit, deployed instead) defines.
    { file: 'app/all-in-one.yaml', line: 78, related: ['app/blog.yaml:53'] },
    // A port name the Service lacks, in a kustomize base that two overlays render: one finding at the base's line.
    { file: 'blog/base/ingress.yaml', line: 23, related: ['blog/base/service.yaml:8'] },
    // A Service the Redis release does not create (standalone: no -replicas); related: the install line.
    { file: 'cache/ingress.yaml', line: 17, related: ['cache/README.md:4'] },
    // The Service exists, but in another namespace than the Ingress.
    { file: 'manifests/ingress.yaml', line: 17, related: ['manifests/mas.yaml:27'] },
    // The container port (targetPort) instead of the Service port.
    { file: 'manifests/ingress.yaml', line: 27, related: ['manifests/haproxy.yaml:33'] },
    // A port name the Service does not have.
    { file: 'manifests/ingress.yaml', line: 35, related: ['manifests/haproxy.yaml:33'] },
  ],
});

it('says less when a chart docdrift could not render may define what is missing', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'unrendered') });
  const findings = result.findings.filter((finding) => finding.ruleId === rule.id);
  expect(findings.map((finding) => [finding.file, finding.line, finding.severity, finding.related.map((entry) => `${entry.file}:${entry.line}`)])).toEqual([
    ['k8s/ingress.yaml', 16, 'warning', ['charts/web/Chart.yaml:1']],
  ]);
  expect(findings[0]?.message).toContain('which no rendered manifest defines; chart charts/web, which docdrift did not render, may define it');
});

it('names the Services the release of that name creates', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const missing = result.findings.find((finding) => finding.ruleId === rule.id && finding.file === 'cache/ingress.yaml');
  expect(missing?.message).toContain('which no manifest defines; release cache (bitnami/redis) creates cache-redis-master, cache-redis-headless');
});
