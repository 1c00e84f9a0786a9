import rule from './srv-port-name.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A port name the Service lacks.
    { file: 'deployment/config/haproxy.cfg', line: 25, column: 31, related: ['deployment/manifests/services.yaml:13'] },
    // _udp on a TCP port.
    { file: 'deployment/config/haproxy.cfg', line: 29, column: 31, related: ['deployment/manifests/services.yaml:17'] },
  ],
});
