import rule from './undeployed-worker.ts';
import { testRule } from '../../../test/rule-tester.ts';

const DEPLOYED = ['deployment/manifests/04-synapse-main.yaml:5', 'deployment/manifests/06-synapse-workers.yaml:29'];

testRule(rule, {
  invalid: [
    // A table row, then prose about the same kind two lines later: one finding, at the first mention.
    { file: 'docs/architecture.md', line: 12, column: 3, related: DEPLOYED },
    // After "## Future expansion" ends, the next "## Federation" section is current again.
    { file: 'docs/scaling.md', line: 11, column: 45 },
    // <!-- docdrift scope=current --> overrides a heading that reads as optional.
    { file: 'docs/scaling.md', line: 17, column: 5 },
  ],
});
