import { PREDEFINED_ACLS } from '../../model/routing.ts';
import { defineRule } from '../define-rule.ts';
import { proxyConditions, type AclDeclaration } from './conditions.ts';

// Sorted, so "did you mean" hints pick the same name on a tie whatever the table's order.
const PREDEFINED = new Set(Object.keys(PREDEFINED_ACLS).sort());

/** Edit distance with transpositions (optimal string alignment), for "did you mean" hints. */
function distance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((rows[i - 1]![j] as number) + 1, (row[j - 1] as number) + 1, (rows[i - 1]![j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]![j - 2] as number) + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length] as number;
}

/** The nearest known name: same letters in another case, or one or two edits away for longer names. */
function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  const limit = name.length >= 6 ? 2 : 1;
  for (const candidate of candidates) {
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(candidate, name);
    if (d <= limit && (!best || d < best.distance)) best = { name: candidate, distance: d };
  }
  return best?.name;
}

/**
 * HAProxy resolves an ACL name in a condition against the ACLs its proxy has declared *so far*, then the
 * predefined ones; anything else is a fatal "no such ACL" error. ACLs are per proxy (frontend, backend,
 * listen or named defaults section), and an `acl` line below the condition does not count.
 */
export default defineRule({
  id: 'haproxy/undefined-acl',
  severity: 'error',
  impact: 'critical',
  title: 'HAProxy conditions name ACLs that are not declared',
  consequence:
    'HAProxy refuses to start or reload ("no such ACL"): the whole proxy is down, not only the route.',
  docs: [
    'A condition (`use_backend x if is_sync`, `http-request deny unless allowed`, `redirect … if …`, `use-server … if …`) names ACLs. HAProxy resolves each name when it parses the line: against the ACLs its own proxy has declared above that line, then its predefined ACLs (`TRUE`, `METH_GET`, `HTTP_1.1`, `LOCALHOST` …). ACLs belong to one proxy: one declared in a frontend is unknown in a backend or in another frontend, and one declared below the rule does not count yet.',
    'What counts: a name that its proxy does not declare, or declares only further down. The message suggests a near name (`is_sync` for `is_snyc`) or says which other proxy declares it.',
    'What does not: predefined ACLs; anonymous `{ … }` ACLs; a quoted `"if"` that is an argument rather than the start of a condition.',
  ].join('\n\n'),
  description: 'A condition (use_backend, http-request, redirect, use-server … if/unless) names an ACL that its proxy has not declared above it.',
  fix: 'Declare the ACL with an `acl NAME FETCH PATTERN…` line above its first use in the same frontend/backend/listen section, or correct its name.',
  check({ model, report }) {
    for (const config of model.haproxy) {
      const proxies = proxyConditions(config);
      for (const proxy of proxies) {
        // ACLs and conditions are both in file order: the names known so far grow as the conditions go down.
        const known = new Set<string>();
        let declared = 0;
        for (const { line, condition } of proxy.conditions) {
          for (let next = proxy.acls[declared]; next && next.line.source.line < line.source.line; next = proxy.acls[++declared]) known.add(next.name.value);
          for (const term of condition.anyOf.flat()) {
            if (term.acl.kind !== 'named') continue;
            const name = term.acl.name;
            if (known.has(name.value) || PREDEFINED.has(name.value)) continue;
            const later: AclDeclaration | undefined = proxy.acls.find((acl) => acl.name.value === name.value);
            if (later) {
              report({
                at: name.source,
                message: `ACL '${name.value}' is used before its declaration on line ${later.line.source.line} of ${proxy.label}: HAProxy only knows the ACLs declared above a rule (no such ACL)`,
                related: [{ at: later.line.source, message: `acl ${name.value} declared here` }],
              });
              continue;
            }
            const elsewhere = proxies.filter((other) => other !== proxy && other.acls.some((acl) => acl.name.value === name.value));
            const hint = closest(name.value, [...known, ...PREDEFINED]);
            const suffix = hint
              ? `; did you mean '${hint}'?`
              : elsewhere.length > 0
                ? `; ${elsewhere.map((other) => other.label).join(', ')} declares it, but ACLs are not shared between proxies`
                : '';
            report({
              at: name.source,
              message: `ACL '${name.value}' is not declared in ${proxy.label}, expected an 'acl ${name.value} …' line above this rule${suffix}`,
              related: elsewhere.flatMap((other) =>
                other.acls.filter((acl) => acl.name.value === name.value).slice(0, 1).map((acl) => ({ at: acl.line.source, message: `acl ${name.value} in ${other.label}` })),
              ),
            });
          }
        }
      }
    }
  },
});
