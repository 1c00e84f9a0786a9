import rule from './port-chain.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Through a headless Service HAProxy dials the pods on 8083 (declared); Synapse listens on 8008.
    { file: 'deployment/config/haproxy.cfg', line: 21, related: ['deployment/manifests/haproxy.yaml:86', 'deployment/manifests/synapse.yaml:18'] },
    // Two Ingress paths break at one hop: targetPort 8080, where no frontend binds. One finding, both routes related.
    {
      file: 'deployment/manifests/haproxy.yaml',
      line: 43,
      related: ['deployment/manifests/haproxy.yaml:72', 'deployment/manifests/haproxy.yaml:79', 'deployment/config/haproxy.cfg:11', 'deployment/config/haproxy.cfg:16'],
    },
    // LoadBalancer → HAProxy → backend synapse-main → Service targetPort 8080, where Synapse does not listen.
    { file: 'deployment/manifests/synapse.yaml', line: 63, related: ['deployment/manifests/haproxy.yaml:58', 'deployment/manifests/synapse.yaml:10'] },
  ],
});
