import { claimsOf } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';
import { deployedKinds } from './deployed-kinds.ts';

/** A worker type that runs but that no doc names is a component operators cannot learn about. */
export default defineRule({
  id: 'docs/undocumented-worker',
  severity: 'warning',
  impact: 'low',
  description: 'A deployed worker type is not mentioned in any doc.',
  fix: 'Describe the worker type (what it handles, its port and replicas) in the architecture docs.',
  check({ lookup, inputs, report }) {
    if (inputs.docs.length === 0) return;
    const documented = new Set<string>();
    for (const claim of inputs.claims) {
      if (claim.type === 'worker') documented.add(claim.kind);
      if (claim.type === 'diagram') for (const entry of claim.kinds) documented.add(entry.kind);
      if (claim.type === 'route' && claim.target.kind) documented.add(claim.target.kind);
      if ((claim.type === 'port' || claim.type === 'replicas') && claim.subject.kind) documented.add(claim.subject.kind);
    }
    for (const service of claimsOf(inputs.claims, 'service')) {
      const kind = lookup.vocabulary.kindOf(service.service);
      if (kind) documented.add(kind);
    }
    for (const [kind, workloads] of deployedKinds(lookup)) {
      if (documented.has(kind)) continue;
      const workload = workloads[0]!;
      report({
        at: workload.source,
        message: `${workload.kind} ${workload.name} runs ${lookup.vocabulary.label(kind)}s, which no doc mentions (${inputs.docs.length} doc${inputs.docs.length === 1 ? '' : 's'} checked)`,
      });
    }
  },
});
