import { defineRule } from './define-rule.ts';

/** Files left unread are said, so nothing is silently lost. */
export default defineRule({
  id: 'skipped-file',
  severity: 'info',
  impact: 'low',
  title: 'Files left unchecked',
  consequence:
    'Nothing fails at deploy time, but drift in the file goes unseen: docdrift says so rather than quietly checking less than it seems to.',
  docs: [
    'A file that matches the docs, manifests or haproxy globs but is not read is reported once, at the file or at its first template expression: Helm and Go templates (`{{ .Values.x }}`), which are not Kubernetes YAML until rendered; files over `maxFileSize`; binary files; unreadable files and folders; symbolic links, which are never followed (so link loops and links out of the root are harmless). Parts of a Markdown doc that would take unreasonably long to parse are reported too, at their first line: lists or block quotes nested more than 64 levels deep, read as plain text, and paragraphs with more than about a thousand emphasis markers or brackets, read without emphasis and links.',
    "What does not: files that match no glob; files under the config's `ignore` globs or excluded by a `.gitignore`; `node_modules` and VCS folders. Those are not meant to be checked.",
  ].join('\n\n'),
  description: 'A matching file was not checked: templated (Helm), too large, binary, unreadable or a symbolic link.',
  fix: 'As the message says why: for a Helm chart, put `helm` on PATH so docdrift renders it with helm template; for a large file, raise maxFileSize; for a file that is not meant to be checked, add its path to ignore in docdrift.config.yaml.',
  check({ inputs, report }) {
    for (const problem of inputs.problems) {
      if (problem.kind === 'skipped-file') report({ at: problem.source, message: problem.message });
    }
  },
});
