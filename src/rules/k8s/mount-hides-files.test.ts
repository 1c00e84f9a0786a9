import path from 'node:path';
import { expect, it } from 'vitest';
import { check } from '../../index.ts';
import rule from './mount-hides-files.ts';
import { ruleFixtures, testRule } from '../../../test/rule-tester.ts';

const CONFIG = 'deploy/config/haproxy-edge.cfg';

testRule(rule, {
  invalid: [
    // A projected volume carries the config's own error page and list by items: only 504.http is hidden, and
    // the fix adds it (mounting only haproxy.cfg would drop the others). Deployment haproxy of namespace shop,
    // with the haproxy image's directory mounted too, does not run this ConfigMap's config.
    { file: 'deploy/edge.yaml', line: 49, column: 26, related: ['deploy/edge.yaml:18', 'deploy/edge.yaml:57'] },
    // The config's own ConfigMap over /usr/local/etc/haproxy: errorfile and map() files are hidden.
    { file: 'deploy/haproxy.yaml', line: 31, column: 26, related: [`${CONFIG}:11`, `${CONFIG}:15`, 'deploy/haproxy.yaml:41'] },
    // A TLS Secret mounted at the directory the crt option names, without that file.
    { file: 'deploy/haproxy.yaml', line: 34, related: [`${CONFIG}:14`, 'deploy/haproxy.yaml:44'] },
    // A ConfigMap made outside the manifests cannot hold a file in a subdirectory (-f pattern file).
    { file: 'deploy/haproxy.yaml', line: 37, related: [`${CONFIG}:16`, 'deploy/haproxy.yaml:47'] },
  ],
});

it('does not print the subPath fix when the volume carries other files the config loads', async () => {
  const result = await check({ root: path.join(ruleFixtures(rule), 'invalid') });
  const finding = result.findings.find((entry) => entry.ruleId === rule.id && entry.file === 'deploy/edge.yaml')!;
  expect(finding.message).toContain('Add the file to the ConfigMap (items with `path: errors/504.http`)');
  expect(finding.message).not.toContain('subPath');
});
