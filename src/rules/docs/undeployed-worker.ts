import { claimsOf, type WorkerMention } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';
import { deployedKinds, describeKinds, plural } from './deployed-kinds.ts';

/** Docs that describe workers the cluster does not run send readers after components that are not there. */
export default defineRule({
  id: 'docs/undeployed-worker',
  severity: 'error',
  impact: 'medium',
  description: 'The docs describe, as current, a worker type that the manifests do not deploy.',
  fix: 'Describe the workers that are deployed, or move the text to a section about future expansion (or mark it with <!-- docdrift scope=future -->).',
  check({ lookup, inputs, report }) {
    const deployed = deployedKinds(lookup);
    if (deployed.size === 0) return; // no Synapse workers in this root: nothing to hold the docs to
    const byFileAndKind = new Map<string, WorkerMention[]>();
    for (const mention of claimsOf(inputs.claims, 'worker')) {
      if (mention.scope !== 'current' || deployed.has(mention.kind)) continue;
      const key = `${mention.source.file}\0${mention.kind}`;
      byFileAndKind.set(key, [...(byFileAndKind.get(key) ?? []), mention]);
    }
    // One related place per manifest file that defines workers: where to look for what is deployed.
    const definitions = [...deployed.values()].map((workloads) => workloads[0]!).filter((workload, index, all) => all.findIndex((other) => other.source.file === workload.source.file) === index);
    for (const mentions of byFileAndKind.values()) {
      const [first, ...others] = mentions;
      const label = lookup.vocabulary.label(first!.kind);
      const lines = [...new Set(others.map((mention) => mention.source.line))];
      const also = lines.length > 0 ? ` (also line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})` : '';
      report({
        at: first!.source,
        message: `Docs describe ${plural(label)} ("${first!.text}")${also}, but none is deployed; deployed worker types: ${describeKinds(lookup, deployed.keys())}`,
        related: definitions.map((workload) => ({ at: workload.source, message: `${workload.kind} ${workload.name} (${lookup.vocabulary.label(lookup.workerKind(workload)!)})` })),
      });
    }
  },
});
