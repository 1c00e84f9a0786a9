import rule from './parse-error.ts';
import { testRule } from '../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // A statement outside of any section.
    { file: 'deployment/config/haproxy.cfg', line: 2, column: 1 },
    // A tab in YAML indentation.
    { file: 'deployment/manifests/synapse.yaml', line: 9, column: 1 },
  ],
});
