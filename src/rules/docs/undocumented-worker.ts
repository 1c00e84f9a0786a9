import { claimsOf } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';
import { plural } from './deployed-kinds.ts';

/** A worker type that runs but that no doc names is a component operators cannot learn about. */
export default defineRule({
  id: 'docs/undocumented-worker',
  severity: 'warning',
  impact: 'low',
  title: 'Deployed worker types that no doc mentions',
  consequence:
    'Operators cannot learn from the docs what those pods do, which paths they serve or how they scale, so an incident involving them starts from nothing.',
  docs: [
    "Every worker type the manifests run (from the pods' `component` label or the workload name, through the worker vocabulary and the config's `workers.aliases`) should be named somewhere in a section about the current deployment: in prose, in a diagram, as the target of a route, in a port or replica statement, or by one of its Service names. The finding is at the first workload of the type; when the docs mention the type only as a plan, an example or history, it says where.",
    'What counts: a deployed worker type with no current mention in any checked doc.',
    'What does not: roots without any Markdown doc (nothing to hold the manifests to); workloads that are not Synapse workers (Redis, HAProxy, PostgreSQL); one current mention in one doc is enough.',
  ].join('\n\n'),
  description: 'A deployed worker type is not mentioned in any doc.',
  fix: 'Describe the worker type (what it handles, its port and replicas) in the architecture docs.',
  check({ lookup, inputs, report }) {
    if (inputs.docs.length === 0) return;
    const documented = new Set<string>();
    // Only the present counts: a deployed pool that the docs describe as a plan, an example or history is not documented.
    const current = inputs.claims.filter((claim) => claim.scope === 'current');
    for (const claim of current) {
      if (claim.type === 'worker') documented.add(claim.kind);
      if (claim.type === 'diagram') for (const entry of claim.kinds) documented.add(entry.kind);
      if (claim.type === 'route' && claim.target.kind) documented.add(claim.target.kind);
      if ((claim.type === 'port' || claim.type === 'replicas') && claim.subject.kind) documented.add(claim.subject.kind);
    }
    for (const service of claimsOf(current, 'service')) {
      const kind = lookup.vocabulary.kindOf(service.service);
      if (kind) documented.add(kind);
    }
    for (const [kind, workloads] of lookup.deployedKinds()) {
      if (documented.has(kind)) continue;
      const workload = workloads[0]!;
      const elsewhere = inputs.claims.find((claim) => claim.type === 'worker' && claim.kind === kind);
      report({
        at: workload.source,
        message: elsewhere
          ? `${workload.kind} ${workload.name} runs ${plural(lookup.vocabulary.label(kind))}, which the docs mention only as ${elsewhere.scope} (${elsewhere.source.file}:${elsewhere.source.line})`
          : `${workload.kind} ${workload.name} runs ${plural(lookup.vocabulary.label(kind))}, which no doc mentions (${inputs.docs.length} doc${inputs.docs.length === 1 ? '' : 's'} checked)`,
        related: elsewhere ? [{ at: elsewhere.source, message: `${elsewhere.scope} mention` }] : [],
      });
    }
  },
});
