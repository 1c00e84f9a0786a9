import rule from './port-mismatch.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A port the ClusterIP Service does not expose.
    { file: 'deployment/config/haproxy.cfg', line: 22, column: 17, related: ['deployment/manifests/synapse.yaml:12'] },
    // The pods' targetPort through a ClusterIP Service, which only forwards its own port.
    { file: 'deployment/config/haproxy.cfg', line: 26, column: 18, related: ['deployment/manifests/synapse.yaml:92'] },
    // The Service port of a headless Service, whose pods listen on another port.
    { file: 'deployment/config/haproxy.cfg', line: 30, column: 31, related: ['deployment/manifests/synapse.yaml:52'] },
  ],
});
