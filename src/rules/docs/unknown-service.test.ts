import rule from './unknown-service.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // An SRV record for a port name the Service does not have (its only port is "http").
    { file: 'docs/operations.md', line: 8, related: ['deployment/manifests/06-synapse-workers.yaml:80'] },
    // The right Service in the wrong namespace.
    { file: 'docs/operations.md', line: 10, column: 30, related: ['deployment/manifests/04-synapse-main.yaml:40'] },
    // A Service no manifest defines.
    { file: 'docs/operations.md', line: 11, column: 16, related: [] },
    // Pod ordinal 4 of a StatefulSet with 4 replicas (pods -0 to -3).
    { file: 'docs/operations.md', line: 16, column: 16, related: ['deployment/manifests/06-synapse-workers.yaml:10'] },
    // `kubectl -n synapse … svc/synapse-main`: the namespace comes from the -n flag.
    { file: 'docs/operations.md', line: 17, related: ['deployment/manifests/04-synapse-main.yaml:40'] },
  ],
});
