import { defineRule } from '../define-rule.ts';

/** HAProxy has no line continuation: a trailing backslash escapes nothing and the next line stands alone. */
export default defineRule({
  id: 'haproxy/line-continuation',
  severity: 'error',
  impact: 'high',
  title: 'Trailing backslashes in haproxy.cfg continue nothing',
  consequence:
    'HAProxy reads the next line as a statement of its own: the first line loses the arguments meant for it, and the second either makes HAProxy reject the configuration or becomes a rule nobody intended.',
  docs: [
    "HAProxy's configuration format has no line continuation. A backslash escapes the next character within a line (an escaped space in a pattern, `\\.` in a regex), but a backslash at the very end of a line escapes nothing: the statement ends there and the following line is parsed as a new one. Long `acl` or `http-request` lines split with a trailing `\\`, as in a shell script, are the usual cause.",
    'What counts: a backslash that is the last character of a statement, outside a comment. What does not: escapes inside a line (`\\ `, `\\.`), an escaped backslash (`\\\\`) at the end of a line, and a comment that happens to end with a backslash.',
    'Split a long statement into several complete lines instead: `acl` lines with the same name are ORed, so a long pattern list can be spread over several `acl NAME FETCH …` lines.',
  ].join('\n\n'),
  description: 'A haproxy.cfg line ends with a backslash, which HAProxy does not treat as a line continuation.',
  fix: 'Join the two lines into one, or split the statement into several complete lines (e.g. one acl line per pattern).',
  check({ model, report }) {
    for (const config of model.haproxy) {
      for (const source of config.lineContinuations) {
        report({ at: source, message: 'Unexpected trailing backslash: HAProxy does not join lines, the next line is read as a separate statement' });
      }
    }
  },
});
