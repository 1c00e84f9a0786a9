import rule from './replica-mismatch.ts';
import { testRule } from '../../../test/rule-tester.ts';

const SYNC = ['deployment/manifests/06-synapse-workers.yaml:36'];
const GENERIC = ['deployment/manifests/06-synapse-workers.yaml:95', 'deployment/manifests/10-autoscaling.yaml:13'];

testRule(rule, {
  invalid: [
    // "8 sync workers" against spec.replicas 4.
    { file: 'docs/scaling.md', line: 3, column: 21, related: SYNC },
    // A range against the HorizontalPodAutoscaler's 2-8.
    { file: 'docs/scaling.md', line: 8, column: 21, related: GENERIC },
    // The sentence before it is negated; this one still states a count.
    { file: 'docs/scaling.md', line: 10, column: 52, related: SYNC },
    // An exact count that is neither spec.replicas nor an HPA bound.
    { file: 'docs/scaling.md', line: 12, column: 20, related: GENERIC },
  ],
});
