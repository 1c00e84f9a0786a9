import { defineRule } from '../define-rule.ts';

/** Words that read like a second fetch or an operator but that HAProxy takes as one more pattern. */
const FETCH_LIKE =
  /^(path|url|uri|base|hdr|req\.hdr|method|src|dst|query|url_param|urlp|cook|ssl_fc|nbsrv|var)(_(beg|end|reg|sub|dir|dom|len|cnt|ip|val|found))?(\(.*\))?$|^(or|\|\||&&|and|!)$/;

/**
 * `acl x path_beg /a path_end /b` is one fetch (path_beg) with three ORed patterns:
 * '/a', 'path_end' and '/b'. It never means "begins with /a AND ends with /b".
 */
export default defineRule({
  id: 'haproxy/acl-fetch-as-pattern',
  severity: 'error',
  impact: 'high',
  description: 'An acl line has patterns that look like fetch keywords or operators; HAProxy matches them as literal patterns.',
  fix: 'Write one acl line per fetch (same name lines are ORed), or two ACL names combined in the condition for AND, or one path_reg.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      const acls = [...config.frontends.flatMap((frontend) => frontend.acls), ...config.backends.flatMap((backend) => backend.acls)];
      const seen = new Set<string>();
      for (const acl of acls) {
        const key = `${acl.source.line}:${acl.source.column}`;
        if (seen.has(key)) continue; // a listen section is both a frontend and a backend
        seen.add(key);
        for (const pattern of acl.patterns) {
          if (!FETCH_LIKE.test(pattern.value)) continue;
          const patterns = acl.patterns.map((entry) => `'${entry.value}'`).join(', ');
          report({
            at: pattern.source,
            message: `ACL '${acl.name}' takes '${pattern.value}' as a pattern of ${acl.fetch}, not as a fetch or operator: it matches ${acl.fetch} ${patterns} (ORed)`,
          });
        }
      }
    }
  },
});
