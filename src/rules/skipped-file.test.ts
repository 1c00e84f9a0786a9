import rule from './skipped-file.ts';
import { testRule } from '../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A Helm template, at its first template expression.
    { file: 'manifests/synapse.yaml', line: 5, column: 9 },
    // Over the maxFileSize of the fixture's docdrift.config.yaml.
    { file: 'manifests/workers.yaml', line: 1, column: 1 },
  ],
});
