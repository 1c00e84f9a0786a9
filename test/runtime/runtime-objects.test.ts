import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { FIXTURES } from '../rule-tester.ts';

/** [rule, severity, file:line, related file:line…] */
type Expected = [string, string, string, string[]];

/**
 * Repositories whose Services, Secrets and pods come from operators and Helm releases: every
 * finding of the run, exactly. Derived objects silence the false alarms; the real drift is still found.
 */
const cases: Record<string, Expected[]> = {
  // Cluster ledger creates ledger-rw, ledger-ro (ledger-r disabled) and ledger-external; Pooler ledger-pool creates ledger-pool only.
  'cloudnative-pg': [
    ['docs/unknown-service', 'error', 'README.md:5', ['db/ledger.yaml:4']],
    ['docs/unknown-service', 'error', 'README.md:8', ['db/ledger.yaml:20']],
    // ledger-app is created; ledger-superuser only with enableSuperuserAccess.
    ['k8s/missing-reference', 'error', 'app/api.yaml:22', ['app/api.yaml:4']],
    // The operator labels its pods cnpg.io/cluster and cnpg.io/instanceRole; "ledgr" is a typo.
    ['k8s/dangling-service', 'error', 'app/api.yaml:56', ['app/api.yaml:59']],
  ],
  // The console listens on 9090/9443, not 9001; Service minio and the pods' tenant label exist.
  minio: [['k8s/ingress-backend', 'error', 'manifests/ingress.yaml:27', ['manifests/tenant.yaml:4']]],
  // The Certificate's secret exists; the client CA nobody creates does not.
  'cert-manager': [['k8s/missing-reference', 'error', 'manifests/web.yaml:33', ['manifests/web.yaml:14']]],
  // Release obs: obs-grafana and obs-kube-prometheus-stack-prometheus exist, grafana does not, alertmanager is disabled in values/kps.yaml.
  'kube-prometheus-stack': [
    ['docs/unknown-service', 'error', 'README.md:20', ['README.md:6']],
    ['docs/unknown-service', 'error', 'README.md:21', ['README.md:6']],
    // The release is in telemetry, not default.
    ['docs/unknown-service', 'error', 'README.md:24', ['README.md:6']],
  ],
  // Sentinel on (redis-values.yaml): cache-redis and cache-redis-headless, no cache-redis-master.
  'redis-sentinel': [['docs/unknown-service', 'error', 'README.md:9', ['README.md:4']]],
  // A Flux HelmRelease of bitnami/redis, standalone: no replicas Service; its Secret and pod labels exist.
  'flux-helmrelease': [['docs/unknown-service', 'error', 'README.md:4', ['cluster/queue.yaml:12']]],
  // An Argo CD Application of bitnami/redis (release sessions, standalone by its inline values): no replicas Service.
  // An Application of a folder creates nothing by its name: web-cache stays an error.
  'argo-cd': [
    ['docs/unknown-service', 'error', 'README.md:4', ['apps/cache.yaml:4']],
    ['docs/unknown-service', 'error', 'README.md:5', []],
  ],
  // A guide that applies manifests defines its fenced Secret and Certificate (whose Secret cert-manager makes);
  // a fenced Secret in a doc that applies nothing defines nothing.
  'guide-manifests': [['docs/missing-creation-step', 'error', 'README.md:29', ['manifests/api.yaml:18']]],
  // Names under an unknown chart's release or an unknown operator's resource are warnings; other names stay errors.
  'unknown-chart': [
    ['docs/unknown-service', 'warning', 'README.md:7', ['README.md:4']],
    ['docs/unknown-service', 'warning', 'README.md:8', ['manifests/search.yaml:5']],
    ['docs/unknown-service', 'error', 'README.md:11', []],
    ['k8s/missing-reference', 'warning', 'manifests/search.yaml:27', ['manifests/search.yaml:14', 'README.md:4']],
    ['k8s/dangling-service', 'warning', 'manifests/search.yaml:42', ['manifests/search.yaml:5']],
  ],
};

describe('objects created at runtime', () => {
  for (const [name, expected] of Object.entries(cases)) {
    it(`${name}: reports exactly the real drift`, async () => {
      const result = await check({ root: path.join(FIXTURES, 'runtime-objects', name) });
      const actual = result.findings.map((finding) => [
        finding.ruleId,
        finding.severity,
        `${finding.file}:${finding.line}`,
        finding.related.map((entry) => `${entry.file}:${entry.line}`),
      ]);
      expect(actual).toEqual(expected);
    });
  }

  it('says what creates an object and what it creates instead', async () => {
    const result = await check({ root: path.join(FIXTURES, 'runtime-objects', 'cloudnative-pg') });
    expect(result.findings[1]!.message).toBe(
      'Docs name Service shop/ledger-pool-rw (ledger-pool-rw.shop.svc.cluster.local), which nothing creates: Pooler ledger-pool creates ledger-pool (per CloudNativePG 1.25.1 in data/operators/cloudnative-pg.yaml)',
    );
    const minio = await check({ root: path.join(FIXTURES, 'runtime-objects', 'minio') });
    expect(minio.findings[0]!.message).toContain('expected one of: 9090 (http-console), 9443 (https-console) (created by Tenant blobs, manifests/tenant.yaml:4)');
  });

  it('says why a name under an unknown chart is not verified', async () => {
    const result = await check({ root: path.join(FIXTURES, 'runtime-objects', 'unknown-chart') });
    expect(result.findings[0]!.message).toBe(
      'Docs name Service search/search-master, which no manifest defines; it may be created by release search (elastic/elasticsearch), README.md:4, not verified: docdrift has no table for chart elastic/elasticsearch',
    );
  });
});
