import path from 'node:path';
import { expect, it } from 'vitest';
import rule from './unknown-service.ts';
import { check } from '../../index.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Malformed SRV name (no _tcp label).
    { file: 'deployment/config/haproxy.cfg', line: 23, column: 27 },
    // Malformed SRV name (no service): one finding, the name is not read as a Service.
    { file: 'deployment/config/haproxy.cfg', line: 25, column: 28 },
    // A Service no manifest defines.
    { file: 'deployment/config/haproxy.cfg', line: 29, column: 28 },
    // A Service that exists only in another namespace.
    { file: 'deployment/config/haproxy.cfg', line: 33, column: 18, related: ['deployment/manifests/staging.yaml:5'] },
    // A name without a namespace, where no manifest shows the namespace HAProxy runs in.
    { file: 'deployment/config/haproxy.cfg', line: 35, column: 17, related: ['deployment/manifests/staging.yaml:5'] },
    // Pods beyond the StatefulSet's replicas: with init-addr none (a warning), without it (HAProxy refuses to start).
    { file: 'deployment/config/haproxy.cfg', line: 39, column: 15, related: ['deployment/manifests/persisters.yaml:23'] },
    { file: 'deployment/config/haproxy.cfg', line: 41, column: 15, related: ['deployment/manifests/persisters.yaml:23'] },
    // A pod name under a Service that is not the StatefulSet's serviceName.
    { file: 'deployment/config/haproxy.cfg', line: 43, column: 15, related: ['deployment/manifests/persisters.yaml:22'] },
    // A Service the README's Helm release does not create (it creates pg-postgresql and pg-postgresql-hl).
    { file: 'deployment/config/haproxy.cfg', line: 48, column: 15, related: ['README.md:6'] },
  ],
});

it('says whether HAProxy still starts when a server names a pod the StatefulSet does not run', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const pods = result.findings.filter((finding) => finding.ruleId === rule.id && finding.line >= 39 && finding.line <= 41);
  expect(pods.map((finding) => `${finding.severity}: ${finding.message}`)).toEqual([
    'warning: Backend persisters server p2 points at pod synapse-persister-2, but StatefulSet synapse-persister runs 2 pods (synapse-persister-0 … synapse-persister-1): the name does not resolve, so the server stays down',
    'error: Backend persisters server p3 points at pod synapse-persister-3, but StatefulSet synapse-persister runs 2 pods (synapse-persister-0 … synapse-persister-1): the name does not resolve, and HAProxy refuses to start (the server has no `init-addr none`)',
  ]);
});

it('only warns about a name without a namespace when no manifest shows where HAProxy runs', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const bare = result.findings.filter((finding) => finding.ruleId === rule.id && finding.line === 35);
  expect(bare.map((finding) => `${finding.severity}: ${finding.message}`)).toEqual([
    "warning: Backend media server bare points at Service matrix/synapse-media, which is defined in namespace matrix-staging instead; no manifest shows where this config runs, and a name without a namespace resolves in HAProxy's own namespace: write synapse-media.matrix-staging unless HAProxy runs there",
  ]);
});

it('says what is wrong with a malformed SRV name instead of reading its labels as a Service', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const messages = result.findings.filter((finding) => finding.line === 25).map((finding) => `${finding.ruleId}: ${finding.message}`);
  expect(messages).toEqual([
    "haproxy/unknown-service: Malformed DNS SRV name '_http._tcp.matrix.svc.cluster.local' in backend synapse-main: only one name ('matrix') between the protocol label and 'svc': the service or its namespace is missing (the form is _<port-name>._<proto>.<service>.<namespace>.svc.<domain>)",
  ]);
});

it('resolves a short server name in the namespace of the pods that run the config', async () => {
  // A ConfigMap of namespace edge embeds the config and pods of edge mount it: `web` is edge's Service.
  const result = await check({ root: path.join(ruleFixtures(rule), 'namespaced') });
  expect(result.findings.filter((finding) => finding.ruleId === rule.id)).toEqual([]);
  expect(result.model.haproxy).toHaveLength(1);
});
