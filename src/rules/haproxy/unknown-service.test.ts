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
  ],
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
