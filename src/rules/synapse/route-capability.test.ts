import path from 'node:path';
import { expect, it } from 'vitest';
import rule from './route-capability.ts';
import { check } from '../../index.ts';
import { FIXTURES, testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Typing balanced over every generic worker, though only synapse-generic-worker-0 writes the stream.
    { file: 'config/haproxy.cfg', line: 29, related: ['manifests/synapse-workers.yaml:43'] },
    // Federation to a listener without the federation resource (main-only federation paths included).
    { file: 'config/haproxy.cfg', line: 31, related: ['manifests/synapse-workers.yaml:12'] },
    // default_backend to workers: main-only endpoints such as /_matrix/client/v3/logout.
    { file: 'config/haproxy.cfg', line: 33, related: ['manifests/synapse-workers.yaml:43'] },
  ],
});

it('takes a plainly named main process for what its config says, media on its client listener included', async () => {
  const result = await check({ root: path.join(FIXTURES, 'synapse-main-unlabelled') });
  expect(result.findings.filter((finding) => finding.ruleId === rule.id)).toEqual([]);
});

it('lists each path once when two servers of the backend reach the same workload', async () => {
  const result = await check({ root: path.join(FIXTURES, 'synapse-two-servers') });
  expect(result.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => `${finding.file}:${finding.line} ${finding.message}`)).toEqual([
    'haproxy.cfg:16 HAProxy sends requests only the main process serves (/_matrix/client/v3/rooms/!r:x/forget, /_matrix/client/v3/rooms/!r:x/upgrade, /_matrix/client/v3/account/password and 6 more) to backend generic, but synapse-generic is a worker: workers answer them 404 M_UNRECOGNIZED',
  ]);
});
