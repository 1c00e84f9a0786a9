import rule from './unknown-object.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The Ingress is `web`: no Ingress is called shop-ingress in namespace store.
    { file: 'docs/runbook.md', line: 4 },
    // ev is a StatefulSet.
    { file: 'docs/runbook.md', line: 5, related: ['k8s/store.yaml:4'] },
    // The namespace is store.
    { file: 'docs/runbook.md', line: 6, related: ['k8s/store.yaml:23'] },
    // The Certificate is web-tls.
    { file: 'docs/runbook.md', line: 8 },
  ],
});
