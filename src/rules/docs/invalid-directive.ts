import { defineRule } from '../define-rule.ts';

/** A directive docdrift cannot read does nothing, so the scope or silence it meant is not applied. */
export default defineRule({
  id: 'docs/invalid-directive',
  severity: 'warning',
  impact: 'low',
  description: 'A docdrift comment directive in Markdown is malformed (unknown scope or directive name).',
  fix: 'Write <!-- docdrift scope=future|example|historical|current --> or <!-- docdrift-disable-next-line RULE-ID -->.',
  check({ inputs, report }) {
    for (const problem of inputs.problems) {
      if (problem.kind === 'invalid-directive') report({ at: problem.source, message: problem.message });
    }
  },
});
