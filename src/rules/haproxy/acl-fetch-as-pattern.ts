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
  title: 'HAProxy ACLs take a second fetch as a literal pattern',
  consequence:
    'The ACL matches something other than what was meant, usually far fewer or far more requests, so paths go to the wrong backend or a deny rule misfires; HAProxy starts without a warning.',
  docs: [
    'An `acl` line has exactly one fetch (with its match method) followed by patterns: `acl api path_beg /a path_end /b` is the fetch `path_beg` with three patterns, `/a`, `path_end` and `/b`, ORed together. HAProxy does not read `path_end` as a second test, and there is no AND inside one acl line; the same holds for an anonymous ACL in the `{ … }` braces of a condition. HAProxy accepts the line, so the mistake shows only as wrong routing.',
    'What counts: a pattern that is a fetch name with a match suffix (`path_end`, `hdr_beg(host)`), a fetch called with arguments (`hdr(host)`, `req.hdr(x-forwarded-for)`), a condition operator (`||`, `&&`, `!`), `or`/`and` between two patterns, or a bare fetch name followed by a value of that fetch (`path /x`, `method POST`, `src 10.0.0.0/8`).',
    'What does not: several plain patterns of one fetch (`path_beg /_matrix/client /_synapse/client`), regexes with groups and alternatives, several `acl` lines with the same name (HAProxy ORs them), and words that are fetch names but plain values of the fetch in use (`hdr(x-tier) base`, `urlp(type) query`).',
    'To AND two tests, declare two ACLs and name both in the condition (`use_backend x if is_api is_get`); to OR them, repeat the acl name on a second line or use `||` in the condition; or write the whole match as one `path_reg`.',
  ].join('\n\n'),
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
