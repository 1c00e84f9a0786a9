import rule from './invalid-directive.ts';
import { testRule } from '../../../test/rule-tester.ts';

testRule(rule, {
  invalid: [
    // An unknown scope: the heading after it is then read as current.
    { file: 'docs/architecture.md', line: 5, column: 1 },
    // A misspelt directive name silences nothing.
    { file: 'docs/architecture.md', line: 10, column: 1 },
    // "docdrift: scope = future" inside a blockquote.
    { file: 'docs/architecture.md', line: 13, column: 3 },
    // A rule id with a space and a "!" in it.
    { file: 'docs/architecture.md', line: 16, column: 1 },
    // Enabling a rule that no docdrift-disable turned off (inside a list item).
    { file: 'docs/architecture.md', line: 19, column: 3 },
    // docdrift-disable-next-line at the end of the file.
    { file: 'docs/architecture.md', line: 21, column: 1 },
  ],
});
