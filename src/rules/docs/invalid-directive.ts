import { defineRule } from '../define-rule.ts';

/** A directive docdrift cannot read does nothing, so the scope or silence it meant is not applied. */
export default defineRule({
  id: 'docs/invalid-directive',
  severity: 'warning',
  impact: 'low',
  title: 'Malformed docdrift directives in Markdown',
  consequence:
    'The directive does nothing: the section it meant to mark as a plan or an example is still held to the deployment, and the finding it meant to silence still fails the build.',
  docs: [
    'docdrift reads the HTML comments of Markdown files whose text starts with the word `docdrift`: `<!-- docdrift scope=current|future|example|historical -->` sets the scope of the text below it, and `docdrift-disable-next-line`, `docdrift-disable`, `docdrift-enable` and `docdrift-disable-file` (with optional rule ids, and a reason after ` -- `) silence findings. A comment meant for docdrift that it cannot read is reported rather than ignored: a directive that silently does nothing is worse than an error.',
    'What counts: an unknown directive name (`docdrift-ignore-next-line`), an unknown or missing scope (`scope=planned`), a rule id with characters no rule id has, a `docdrift-enable` without a `docdrift-disable` before it (or one that re-enables a single rule inside a disable of every rule), a `docdrift-disable-next-line` with no line after it.',
    'What does not: HTML comments that do not start with the word `docdrift`; well-formed directives that name a rule id that does not exist, or silence nothing, which are `unused-suppression` findings.',
  ].join('\n\n'),
  description: 'A docdrift comment directive in Markdown is malformed (unknown scope or directive name).',
  fix: 'Write <!-- docdrift scope=future|example|historical|current --> or <!-- docdrift-disable-next-line RULE-ID -->.',
  check({ inputs, report }) {
    for (const problem of inputs.problems) {
      if (problem.kind === 'invalid-directive') report({ at: problem.source, message: problem.message });
    }
  },
});
