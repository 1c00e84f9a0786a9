import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { FIXTURES } from '../rule-tester.ts';

/**
 * GoogleCloudPlatform/microservices-demo (test/fixtures/real-world/online-boutique), a repository
 * nobody here wrote: every finding docdrift makes on it, triaged by hand, with why its maintainers
 * would want it. The test fails when a finding appears or disappears.
 */
const EXPECTED: { finding: string; why: string }[] = [
  {
    finding: 'error docs/missing-file README.md:118',
    why: 'the table of contents links #deploy-online-boutique-variations-with-kustomize, a heading the README no longer has',
  },
  {
    finding: 'info skipped-file helm-chart/Chart.yaml:1',
    why: 'the Helm chart cannot be rendered without helm: said once for the chart, none of its templates half-read',
  },
  {
    finding: 'error docs/missing-file kustomize/components/service-mesh-istio/README.md:159',
    why: 'the Istio component README links ../service-accounts, a component that is not in the repository',
  },
];

describe('online-boutique, a real repository', async () => {
  const result = await check({ root: path.join(FIXTURES, 'real-world', 'online-boutique') });

  it('reports exactly the triaged findings', () => {
    expect(result.findings.map((finding) => `${finding.severity} ${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual(EXPECTED.map((entry) => entry.finding));
  });

  it('sees its packagings as units: kubernetes-manifests/, release/ and the kustomize base are alternatives, not duplicates', () => {
    const units = Object.fromEntries(result.model.units.map((unit) => [unit.id, unit]));
    expect(units['release']!.alternatives).toEqual(expect.arrayContaining(['istio-manifests', 'kubernetes-manifests', 'kustomize/base']));
    expect(units['kustomize/tests/service-mesh-istio-with-all-components']!.includes).toEqual(['kustomize/base']);
    expect(units['helm-chart']!.status).toBe('skipped');
    expect(result.findings.filter((finding) => finding.ruleId === 'k8s/duplicate-resource')).toEqual([]);
  });
});
