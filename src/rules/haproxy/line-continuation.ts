import { defineRule } from '../define-rule.ts';

/** HAProxy has no line continuation: a trailing backslash escapes nothing and the next line stands alone. */
export default defineRule({
  id: 'haproxy/line-continuation',
  severity: 'error',
  impact: 'high',
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
