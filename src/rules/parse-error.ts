import { defineRule } from './define-rule.ts';

/** A file docdrift cannot read is itself a finding; the other files are still checked. */
export default defineRule({
  id: 'parse-error',
  severity: 'error',
  impact: 'high',
  title: 'Files that cannot be parsed',
  consequence:
    'The tool that deploys the file rejects it too: `kubectl apply` fails on invalid YAML and HAProxy refuses to start on a malformed statement. The other files are still checked, but nothing in this one is compared.',
  docs: [
    "Every file is parsed on its own, and a file that cannot be read as meant becomes a finding at the position of the problem instead of stopping the check: YAML syntax errors (a tab in the indentation, an unclosed bracket); a haproxy.cfg statement outside any section or with an invalid argument (a bad regex, an unknown match method, a missing closing `}`); an embedded configuration, such as Synapse's `homeserver.yaml` in a ConfigMap, that does not parse; YAML frontmatter of a Markdown doc that does not parse. YAML that kubectl accepts but the YAML spec does not (a quoted string continued at its key's indentation) is a warning, and the file's objects are still read.",
    'What does not: YAML that is valid but not Kubernetes (it is left alone), and templated or unreadable files, which are `skipped-file`.',
  ].join('\n\n'),
  description: 'A file cannot be parsed (invalid YAML, malformed haproxy.cfg, embedded config or Markdown frontmatter that does not parse).',
  fix: 'Fix the syntax at the reported position; the tool that deploys this file would reject it too.',
  check({ inputs, report }) {
    for (const problem of inputs.problems) {
      if (problem.kind === 'parse-error') report({ at: problem.source, message: problem.message, ...(problem.severity ? { severity: problem.severity } : {}) });
    }
  },
});
