import type { HaproxyConfig } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What a run-time backend name (`use_backend be_%[req.hdr(host),lower]`) can select: its literal
 * text with every `%[…]` as a wildcard. Any other log-format variable may expand to anything.
 */
function dynamicPattern(name: string): RegExp {
  let source = '';
  let rest = name;
  while (rest.length > 0) {
    const start = rest.indexOf('%[');
    if (start < 0) break;
    const literal = rest.slice(0, start);
    if (literal.includes('%')) return /^/;
    source += escapeRegExp(literal);
    let depth = 0;
    let end = start + 1;
    for (; end < rest.length; end++) {
      if (rest[end] === '[') depth++;
      else if (rest[end] === ']' && --depth === 0) break;
    }
    source += '.*';
    rest = rest.slice(end + 1);
  }
  if (rest.includes('%')) return /^/;
  return new RegExp(`^${source}${escapeRegExp(rest)}$`);
}

/**
 * Backends named outside use_backend/default_backend: a `track <backend>/<server>` server option,
 * a `table <backend>` argument (stick-table holders) or a sample fetch argument (`nbsrv(be)`,
 * `sc_http_req_rate(0,be)`, `srv_is_up(be/srv)`). Such backends exist for their side effect.
 */
function otherReferences(config: HaproxyConfig): Set<string> {
  const names = new Set<string>();
  // An SPOE engine names its agents' backend in its own file (`use-backend`): any TCP backend may be one.
  const spoe = config.sections.some((section) => section.lines.some((line) => line.keyword === 'filter' && line.args[0]?.value === 'spoe'));
  for (const section of config.sections) {
    if (spoe && section.type === 'backend' && section.name !== undefined && section.lines.some((line) => line.keyword === 'mode' && line.args[0]?.value === 'tcp')) names.add(section.name);
    for (const line of section.lines.slice(1)) {
      line.args.forEach((arg, index) => {
        const previous = line.args[index - 1]?.value;
        if (previous === 'track' || previous === 'table') names.add(arg.value.split('/')[0] as string);
        if (!arg.value.includes('(')) return;
        for (const call of arg.value.matchAll(/[a-z_.0-9]+\(([^()]*)\)/gi)) {
          for (const part of (call[1] as string).split(',')) names.add(part.trim().split('/')[0] as string);
        }
      });
    }
  }
  return names;
}

/** A backend no frontend routes to is dead configuration, often a leftover of a renamed route. */
export default defineRule({
  id: 'haproxy/unused-backend',
  severity: 'warning',
  impact: 'low',
  title: 'HAProxy backends that nothing routes to',
  consequence:
    'Nothing fails, but the backend is dead configuration, often the leftover of a renamed route whose traffic now goes elsewhere, and readers of haproxy.cfg take it for a live path.',
  docs: [
    'A `backend` section is used when a `use_backend` or `default_backend` of a frontend (or of `defaults`) names it, or when a dynamic `use_backend` name (`be_%[req.hdr(x-pool),lower]`) can expand to it: its literal parts must match, each `%[…]` standing for anything.',
    'What counts: a backend section that no static or dynamic rule can select and that nothing else references.',
    'What does not: `listen` sections (they have their own `bind`); backends referenced for their side effects, such as a stick-table holder named by `table`, a server `track`ed from another backend, or a backend named in a sample fetch (`nbsrv(be)`, `srv_is_up(be/srv)`); a `mode tcp` backend when a `filter spoe` engine is configured (its agents\' backend is named in the SPOE file); and every backend when a dynamic name holds a variable other than `%[…]`, which may expand to anything.',
  ].join('\n\n'),
  description: 'A backend is never selected by any use_backend or default_backend (nor by a dynamic use_backend name that could match it).',
  fix: 'Route to it with use_backend, or delete it.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      const rules = config.frontends.flatMap((frontend) => frontend.useBackends);
      const used = new Set([
        ...rules.filter((rule) => !rule.dynamic).map((rule) => rule.backend.value),
        ...config.frontends.flatMap((frontend) => (frontend.defaultBackend ? [frontend.defaultBackend.value] : [])),
      ]);
      const dynamic = rules.filter((rule) => rule.dynamic).map((rule) => dynamicPattern(rule.backend.value));
      // Reading every line for other references is needed only once some backend is not routed to.
      let referenced: Set<string> | undefined;
      for (const backend of config.backends) {
        if (backend.section !== 'backend' || used.has(backend.name)) continue;
        if ((referenced ??= otherReferences(config)).has(backend.name)) continue;
        if (dynamic.some((pattern) => pattern.test(backend.name))) continue;
        report({
          at: backend.source,
          message: `Backend '${backend.name}' is never used by any use_backend or default_backend${dynamic.length > 0 ? ', and no dynamic use_backend name can match it' : ''}`,
        });
      }
    }
  },
});
