import { defineRule } from './define-rule.ts';

/** Files left unread are said, so nothing is silently lost. */
export default defineRule({
  id: 'skipped-file',
  severity: 'info',
  impact: 'low',
  description: 'A matching file was not checked: templated (Helm), too large, binary, unreadable or a symbolic link.',
  fix: 'Render templates before checking (helm template), raise maxFileSize, or add the path to ignore in docdrift.config.yaml.',
  check({ inputs, report }) {
    for (const problem of inputs.problems) {
      if (problem.kind === 'skipped-file') report({ at: problem.source, message: problem.message });
    }
  },
});
