import rule from './missing-creation-step.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // The guide creates synapse-secrets, but in matrix-staging; the StatefulSet runs in matrix.
    { file: 'docs/deployment-guide.md', line: 14, column: 18, related: ['deployment/manifests/06-synapse-workers.yaml:59'] },
    // haproxy-config is created only in an example section, which is no step of the guide.
    { file: 'docs/deployment-guide.md', line: 20, column: 18, related: ['deployment/manifests/07-haproxy.yaml:34'] },
  ],
});
