import rule from './unknown-service.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Malformed SRV name (no _tcp label).
    { file: 'deployment/config/haproxy.cfg', line: 23, column: 27 },
    // A Service no manifest defines.
    { file: 'deployment/config/haproxy.cfg', line: 27, column: 28 },
    // A Service that exists only in another namespace.
    { file: 'deployment/config/haproxy.cfg', line: 31, column: 18, related: ['deployment/manifests/staging.yaml:5'] },
  ],
});
