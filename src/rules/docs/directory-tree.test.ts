import rule from './directory-tree.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // k8s/db.yaml is there, and the drawing of k8s/ leaves it out.
    { file: 'README.md', line: 5, column: 5 },
    // A drawn file that does not exist.
    { file: 'README.md', line: 7, column: 9 },
    // A drawn folder that does not exist: one finding, none for what is drawn inside it.
    { file: 'README.md', line: 8, column: 5 },
  ],
});
