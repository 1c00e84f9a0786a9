import rule from './route-capability.ts';
import { testRule } from '../../../test/rule-tester.ts';

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
