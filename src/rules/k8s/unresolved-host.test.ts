import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './unresolved-host.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A made-up -rw suffix on a CloudNativePG Pooler's name: the Pooler creates Service ledger-pool (related). A one-value key: a warning.
    { file: 'k8s/ledger.yaml', line: 18, related: ['k8s/ledger.yaml:5'] },
    // A port the Cluster's ledger-ro Service does not expose, in a config file: an error at the line, the Cluster related.
    { file: 'k8s/ledger.yaml', line: 36, column: 5, related: ['k8s/ledger.yaml:23'] },
    // A StatefulSet pod past the last ordinal (db-2 of 2 replicas): a warning, the replicas line related.
    { file: 'k8s/peers.yaml', line: 12, column: 5, related: ['k8s/peers.yaml:33'] },
    // A made-up -rw suffix on the pooler's name in homeserver.yaml; the pooler's Service is related.
    { file: 'k8s/synapse.yaml', line: 14, column: 5, related: ['k8s/data.yaml:26'] },
    // A .svc name in a command argument with no Service behind it; a one-value ConfigMap key names it too: one finding.
    { file: 'k8s/synapse.yaml', line: 41, related: ['k8s/synapse.yaml:58'] },
    // A URL with a port the Service does not expose, in an env variable: a warning.
    { file: 'k8s/synapse.yaml', line: 44, related: ['k8s/data.yaml:45'] },
    // A one-value ConfigMap key named like a host variable: a warning, as for env.
    { file: 'k8s/synapse.yaml', line: 59, related: [] },
    // A kustomize base names Service orders, which both overlays rename (namePrefix, nameSuffix): one finding at the base's line.
    { file: 'shop/base/shop.yaml', line: 19, column: 15, related: ['shop/base/shop.yaml:24'] },
  ],
});

it('names the edit and is certain only where every Service of the namespace is visible', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const findings = result.findings.filter((finding) => finding.ruleId === rule.id);
  expect(findings.map((finding) => finding.severity)).toEqual(['warning', 'error', 'warning', 'error', 'error', 'warning', 'warning', 'error']);
  expect(findings[0]!.message).toContain('Service ledger-pool is the nearest name: write ledger-pool');
  expect(findings[1]!.message).toBe(
    'ConfigMap reports key reports.ini names ledger-ro:6432, but Service ledger-ro (created by Cluster ledger, k8s/ledger.yaml:23) exposes 5432: write one of them',
  );
  expect(findings[2]!.message).toBe(
    'ConfigMap cluster-peers key peers.conf names pod db-2 of Service db, but StatefulSet db runs db-0 to db-1: it does not resolve (a warning: the replicas may be scaled outside the manifests)',
  );
  expect(findings[3]!.message).toContain('Service ledger-pool is the nearest name: write ledger-pool');
  expect(findings[4]!.message).toBe(
    'Deployment synapse (container synapse) command line names host media.matrix.svc.cluster.local, but no Service media exists in namespace matrix: it does not resolve; 2 places name it',
  );
  expect(findings[7]!.message).toContain(
    'no Service orders exists in namespace shop-prod or shop-staging: it does not resolve; kustomize renames Service orders (prod-orders in shop-prod, orders-stg in shop-staging)',
  );
  expect(findings[6]!.message).toBe(
    'ConfigMap synapse-env key SIDECAR_HOST names host sidecar, but no Service sidecar exists in namespace matrix: it does not resolve (a warning: the program may not read this key)',
  );
});
