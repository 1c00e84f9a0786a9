import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './service-target-port.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Pods that declare only a metrics port: the numeric target may be an undeclared main port (a warning).
    { file: 'manifests/api.yaml', line: 12, column: 19, related: ['manifests/api.yaml:32'] },
    // A named targetPort that no container port carries.
    { file: 'manifests/synapse.yaml', line: 40, related: ['manifests/synapse.yaml:22'] },
    // A numeric targetPort on pods that declare their ports, but not this one.
    { file: 'manifests/synapse.yaml', line: 47, related: ['manifests/synapse.yaml:22'] },
  ],
});

it('is a warning only where the pods declare side ports alone', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  expect(result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => finding.severity)).toEqual(['warning', 'error', 'error']);
});
