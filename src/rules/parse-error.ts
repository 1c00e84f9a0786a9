import { defineRule } from './define-rule.ts';

/** A file docdrift cannot read is itself a finding; the other files are still checked. */
export default defineRule({
  id: 'parse-error',
  severity: 'error',
  impact: 'high',
  description: 'A file cannot be parsed (invalid YAML, malformed haproxy.cfg, embedded config that does not parse).',
  fix: 'Fix the syntax at the reported position; the tool that deploys this file would reject it too.',
  check({ inputs, report }) {
    for (const problem of inputs.problems) {
      if (problem.kind === 'parse-error') report({ at: problem.source, message: problem.message });
    }
  },
});
