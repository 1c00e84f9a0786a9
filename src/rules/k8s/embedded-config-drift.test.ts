import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './embedded-config-drift.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The first differing line inside the block scalar (line 9 of the file); the trailing blanks above are not drift.
    { file: 'manifests/haproxy.yaml', line: 48, column: 5, related: ['config/haproxy.cfg:9'] },
    // A placeholder: reported on the value, related to the file it should hold.
    { file: 'manifests/haproxy.yaml', line: 70, related: ['config/haproxy.cfg:1'] },
    // A copy cut short: its last line, not the line after the block scalar.
    { file: 'manifests/haproxy.yaml', line: 97, column: 5, related: ['config/haproxy.cfg:18'] },
    // Shares a quarter of its lines with the only file of that name (a local-development config): a warning.
    { file: 'manifests/mailer.yaml', line: 10, column: 5, related: ['dev/mailer.yaml:2'] },
    // A kustomize base that two overlays render: one finding.
    { file: 'shop/base/worker-config.yaml', line: 8, column: 5, related: ['shop/worker.yaml:1'] },
  ],
});

it('is a warning when the two texts share less than half their lines', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const findings = result.findings.filter((finding) => finding.ruleId === rule.id);
  expect(findings.map((finding) => finding.severity)).toEqual(['error', 'error', 'error', 'warning', 'error']);
  expect(findings[3]!.message).toBe(
    'ConfigMap mailer key mailer.yaml differs from dev/mailer.yaml (first at its line 2); they share 25% of their lines, so they may be two files of one name (a warning)',
  );
});
