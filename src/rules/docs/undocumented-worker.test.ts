import rule from './undocumented-worker.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // Generic workers run, but the docs describe them only as "Phase 2" of the future expansion.
    { file: 'deployment/manifests/06-synapse-workers.yaml', line: 88, related: ['docs/architecture.md:9'] },
    // Event persisters run, but the docs say there are none (a negation documents nothing).
    { file: 'deployment/manifests/06-synapse-workers.yaml', line: 148, related: [] },
  ],
});
