import { describe, expect, it } from 'vitest';
import type { HelmReleaseClaim } from '../model/claims.ts';
import type { DeployedModel } from '../model/types.ts';
import { chartTableFor, deriveRuntimeObjects, fullname } from './derive.ts';

const values = (entries: Record<string, unknown>) => (path: string) => entries[path];

describe('fullname', () => {
  it('follows the chart helper: override, release containing the chart name, RELEASE-CHART', () => {
    expect(fullname('obs', 'kube-prometheus-stack', values({}), '', 26)).toBe('obs-kube-prometheus-stack');
    expect(fullname('kube-prometheus-stack', 'kube-prometheus-stack', values({}), '', 26)).toBe('kube-prometheus-stack');
    expect(fullname('redis-cache', 'redis', values({}), '', 63)).toBe('redis-cache');
    expect(fullname('cache', 'redis', values({ nameOverride: 'kv' }), '', 63)).toBe('cache-kv');
    expect(fullname('obs', 'kube-prometheus-stack', values({ fullnameOverride: 'mon' }), '', 26)).toBe('mon');
  });

  it('cuts to the chart limit and trims a trailing dash', () => {
    // RELEASE-kube-prometheus-stack cut to 26: "observers-kube-prometheus-" loses its trailing dash.
    expect(fullname('monitoring', 'kube-prometheus-stack', values({}), '', 26)).toBe('monitoring-kube-prometheus');
    expect(fullname('observers', 'kube-prometheus-stack', values({}), '', 26)).toBe('observers-kube-prometheus');
    expect(fullname('obs', 'kube-prometheus-stack', values({ fullnameOverride: 'a-very-long-monitoring-name-' }), '', 26)).toBe('a-very-long-monitoring-nam');
    expect(fullname('observability-stack-for-production', 'grafana', values({}), 'grafana.', 63)).toBe('observability-stack-for-production-grafana');
  });

  it('reads a subchart override under its values key', () => {
    expect(fullname('obs', 'grafana', values({ 'grafana.fullnameOverride': 'dashboards' }), 'grafana.', 63)).toBe('dashboards');
    expect(fullname('obs-grafana', 'grafana', values({}), 'grafana.', 63)).toBe('obs-grafana');
  });
});

describe('chartTableFor', () => {
  it('knows a chart only from its known repository', () => {
    expect(chartTableFor('bitnami/redis', undefined)?.chart).toBe('redis');
    expect(chartTableFor('oci://registry-1.docker.io/bitnamicharts/redis', undefined)?.chart).toBe('redis');
    expect(chartTableFor('redis', 'https://charts.bitnami.com/bitnami/')?.chart).toBe('redis');
    expect(chartTableFor('ot-helm/redis', undefined)).toBeUndefined();
    expect(chartTableFor('./charts/redis', undefined)).toBeUndefined();
    expect(chartTableFor('redis', undefined)).toBeUndefined();
  });
});

const emptyModel: DeployedModel = {
  units: [],
  resources: [], workloads: [], services: [], ingresses: [], configObjects: [], autoscalers: [], customResources: [], valuesFiles: [], networkPolicies: [], disruptionBudgets: [], monitors: [], haproxy: [], synapse: [],
};
const at = { file: 'README.md', line: 3, column: 1, endLine: 3, endColumn: 2 };

function release(chart: string, name: string, set: [string, unknown][] = []): HelmReleaseClaim {
  return { type: 'helm-release', release: name, chart, repo: undefined, namespace: 'data', valuesFiles: [], set, createNamespace: false, source: at, scope: 'current', section: [] };
}

function services(claim: HelmReleaseClaim): string[] {
  const runtime = deriveRuntimeObjects(emptyModel, [claim], { defaultNamespace: 'default', paths: new Set() });
  return runtime.objects.filter((object) => object.kind === 'Service' && object.namespace === 'data').map((object) => object.name);
}

describe('what Helm releases create', () => {
  it('redis: replication, standalone, Sentinel with and without a master Service', () => {
    expect(services(release('bitnami/redis', 'cache'))).toEqual(['cache-redis-master', 'cache-redis-replicas', 'cache-redis-headless']);
    expect(services(release('bitnami/redis', 'cache', [['architecture', 'standalone']]))).toEqual(['cache-redis-master', 'cache-redis-headless']);
    expect(services(release('bitnami/redis', 'cache', [['sentinel.enabled', true]]))).toEqual(['cache-redis', 'cache-redis-headless']);
    expect(services(release('bitnami/redis', 'redis-cache', [['sentinel.enabled', true], ['sentinel.service.createMaster', true]]))).toEqual([
      'redis-cache-master',
      'redis-cache',
      'redis-cache-headless',
    ]);
  });

  it('kube-prometheus-stack: the parent fullname for its own Services, the release for subcharts', () => {
    expect(services(release('prometheus-community/kube-prometheus-stack', 'obs', [['grafana.fullnameOverride', 'dashboards'], ['nodeExporter.enabled', false]]))).toEqual([
      'obs-kube-prometheus-stack-prometheus',
      'prometheus-operated',
      'obs-kube-prometheus-stack-alertmanager',
      'alertmanager-operated',
      'obs-kube-prometheus-stack-operator',
      'dashboards',
      'obs-kube-state-metrics',
    ]);
  });

  it('postgresql and ingress-nginx', () => {
    expect(services(release('bitnami/postgresql', 'db'))).toEqual(['db-postgresql', 'db-postgresql-hl']);
    expect(services(release('ingress-nginx/ingress-nginx', 'ingress-nginx'))).toEqual(['ingress-nginx-controller', 'ingress-nginx-controller-admission']);
  });

  it('an unknown chart creates nothing known, only a prefix that may exist', () => {
    const runtime = deriveRuntimeObjects(emptyModel, [release('elastic/elasticsearch', 'search')], { defaultNamespace: 'default', paths: new Set() });
    expect(runtime.objects.filter((object) => object.namespace === 'data')).toEqual([]);
    expect(runtime.unverified.map((entry) => [entry.namespace, entry.prefix, entry.reason])).toEqual([['data', 'search', 'docdrift has no table for chart elastic/elasticsearch']]);
  });

  it("a values file outside the repository leaves a known chart's names unverified too", () => {
    const claim = { ...release('bitnami/redis', 'cache'), valuesFiles: [{ text: 'my-values.yaml', candidates: ['my-values.yaml'] }] };
    const runtime = deriveRuntimeObjects(emptyModel, [claim], { defaultNamespace: 'default', paths: new Set() });
    expect(runtime.unverified.map((entry) => entry.reason)).toEqual(['values file my-values.yaml not read']);
  });

  it('every cluster has kubernetes, kube-dns, the system namespaces and kube-root-ca.crt in each namespace', () => {
    const runtime = deriveRuntimeObjects(emptyModel, [], { defaultNamespace: 'default', paths: new Set() });
    expect(runtime.objects.map((object) => `${object.kind} ${object.namespace}/${object.name}`)).toEqual([
      'Service default/kubernetes',
      'Service kube-system/kube-dns',
      ...['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((namespace) => `ConfigMap ${namespace}/kube-root-ca.crt`),
    ]);
    expect(runtime.namespaces).toEqual(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
  });
});
