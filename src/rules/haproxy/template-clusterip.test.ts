import rule from './template-clusterip.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // An SRV name on a Service without clusterIP: None.
    { file: 'deployment/config/haproxy.cfg', line: 21, column: 26, related: ['deployment/manifests/services.yaml:4'] },
    // A host name with a port; port 80 forwards to the pods' 8080 (named targetPort), so the fix says to align them.
    { file: 'deployment/config/haproxy.cfg', line: 25, column: 25, related: ['deployment/manifests/services.yaml:17', 'deployment/manifests/services.yaml:26'] },
  ],
});
