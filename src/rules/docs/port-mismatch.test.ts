import rule from './port-mismatch.ts';
import { testRule } from '../../../test/rule-tester.ts';

const GENERIC = ['deployment/manifests/06-synapse-workers.yaml:80', 'deployment/manifests/06-synapse-workers.yaml:116'];
const SYNC = ['deployment/manifests/06-synapse-workers.yaml:21', 'deployment/manifests/06-synapse-workers.yaml:57'];

testRule(rule, {
  invalid: [
    // The Port column of a components table.
    { file: 'docs/architecture.md', line: 9, column: 25, related: GENERIC },
    // "- **Sync workers**: port 8008": the column is that of 8008 in the file, past the removed `**`.
    { file: 'docs/architecture.md', line: 13, column: 26, related: SYNC },
    // The sentence before it on the line is negated and names HAProxy; this one is about the generic workers.
    { file: 'docs/architecture.md', line: 16, column: 72, related: GENERIC },
    // A disable-next-line comment for another rule does not silence this one.
    { file: 'docs/architecture.md', line: 19, column: 30, related: SYNC },
    // A cluster DNS name with the wrong port, in a shell block.
    { file: 'docs/architecture.md', line: 24, column: 16, related: GENERIC },
  ],
});
