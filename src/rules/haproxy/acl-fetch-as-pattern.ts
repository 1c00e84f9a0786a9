import type { Acl, Located } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';
import { anonymousAcls, proxyConditions } from './conditions.ts';

/** Fetches people chain by mistake; with a match suffix (`path_end`) or an argument list (`hdr(host)`) they cannot be a real pattern. */
const FETCH = String.raw`(?:path|pathq|url|uri|base|baseq|query|method|src|dst|hdr|req\.hdr|res\.hdr|shdr|fhdr|req\.fhdr|cook|req\.cook|scook|urlp|url_param|ssl_fc_sni|req\.ssl_sni|var|nbsrv|str|int)`;
const SUFFIXED = new RegExp(`^${FETCH}_(?:beg|end|reg|sub|dir|dom|len|cnt|ip|val|found)(?:\\(.*\\))?$`);
const CALLED = new RegExp(`^${FETCH}\\(.*\\)$`);
/** Condition operators never belong inside an acl line. */
const OPERATOR = /^(?:\|\||&&|!)$/;
/** `or`/`and` between two patterns read as an operator; alone they may be a real value (a language code). */
const WORD_OPERATOR = /^(?:or|and)$/i;
const HTTP_METHOD = /^(?:GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|CONNECT|TRACE)$/;
const ADDRESS = /^[\d.:a-fA-F]+(?:\/\d+)?$/;

/**
 * A bare fetch name counts only when the next pattern is a value of that fetch (`path /x`,
 * `method POST`, `src 10.0.0.0/8`): `hdr(x-tier) base` or `urlp(type) query` are ordinary strings.
 */
function bareFetch(word: string, next: string | undefined): boolean {
  if (next === undefined) return false;
  if (/^(?:path|pathq|url|uri|base|baseq)$/.test(word)) return next.startsWith('/');
  if (word === 'method') return HTTP_METHOD.test(next);
  if (word === 'src' || word === 'dst') return ADDRESS.test(next) && /\d/.test(next);
  return false;
}

/** The patterns of an acl that HAProxy takes literally but the author meant as a fetch or an operator. */
function suspects(acl: Acl): Located<string>[] {
  const patterns = acl.patterns;
  return patterns.filter((pattern, index) => {
    const value = pattern.value;
    if (SUFFIXED.test(value) || CALLED.test(value) || OPERATOR.test(value)) return true;
    if (WORD_OPERATOR.test(value)) return index > 0 && index < patterns.length - 1;
    return bareFetch(value, patterns[index + 1]?.value);
  });
}

/**
 * `acl x path_beg /a path_end /b` is one fetch (path_beg) with three ORed patterns:
 * '/a', 'path_end' and '/b'. It never means "begins with /a AND ends with /b".
 */
export default defineRule({
  id: 'haproxy/acl-fetch-as-pattern',
  severity: 'error',
  impact: 'high',
  description: 'An acl line (or anonymous { } ACL) has patterns that look like fetch keywords or operators; HAProxy matches them as literal patterns.',
  fix: 'Write one acl line per fetch (same name lines are ORed), or two ACL names combined in the condition for AND, or one path_reg.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      for (const proxy of proxyConditions(config)) {
        const acls = [
          ...proxy.acls.map(({ acl }) => acl),
          ...proxy.conditions.flatMap(({ condition }) => anonymousAcls(condition)),
        ].sort((a, b) => a.source.line - b.source.line || a.source.column - b.source.column);
        for (const acl of acls) {
          const found = suspects(acl);
          const first = found[0];
          if (!first) continue;
          const what = acl.name ? `ACL '${acl.name}'` : 'Anonymous ACL';
          const words = found.map((entry) => `'${entry.value}'`).join(', ');
          const patterns = acl.patterns.map((entry) => `'${entry.value}'`).join(', ');
          report({
            at: first.source,
            message: `${what} takes ${words} as ${found.length > 1 ? 'patterns' : 'a pattern'} of ${acl.fetch}, not as ${found.length > 1 ? 'fetches or operators' : 'a fetch or operator'}: it matches ${acl.fetch} against ${patterns} (ORed)`,
          });
        }
      }
    }
  },
});
