import rule from './exposed-admin-path.ts';
import { testRule } from '../../../test/rule-tester.ts';

const INGRESS_PATH = 'deployment/manifests/haproxy.yaml:75';

testRule(rule, {
  invalid: [
    // Behind the Ingress, a deny that trusts internal sources trusts the ingress controller too: a warning.
    { file: 'deployment/config/haproxy.cfg', line: 14, related: [INGRESS_PATH, 'deployment/config/haproxy.cfg:11'] },
    // /metrics routed on purpose to a metrics backend.
    { file: 'deployment/config/haproxy.cfg', line: 15, related: [INGRESS_PATH, 'deployment/config/haproxy.cfg:11'] },
    // /_synapse/admin falls through to the Synapse main process, which serves the admin API.
    { file: 'deployment/config/haproxy.cfg', line: 16, related: [INGRESS_PATH, 'deployment/config/haproxy.cfg:11'] },
    // The statistics page of a frontend behind a LoadBalancer, without stats auth.
    { file: 'deployment/config/haproxy.cfg', line: 21, related: ['deployment/manifests/haproxy.yaml:54', 'deployment/config/haproxy.cfg:19'] },
    // An ingress-nginx regular expression path (use-regex) that also matches /_synapse/admin.
    { file: 'regex/haproxy.cfg', line: 21, related: ['regex/ingress.yaml:26', 'regex/haproxy.cfg:13'] },
  ],
});
