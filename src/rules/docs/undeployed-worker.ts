import { claimsOf, type WorkerMention } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';
import { describeKinds, plural } from './deployed-kinds.ts';

/** Docs that describe workers the cluster does not run send readers after components that are not there. */
export default defineRule({
  id: 'docs/undeployed-worker',
  severity: 'error',
  impact: 'medium',
  title: 'Docs describe workers that are not deployed',
  consequence:
    'Readers look for pods, logs and metrics of components that do not exist, and believe the deployment spreads load (sync, federation, media) that in fact falls on other processes.',
  docs: [
    "Worker types named in sections about the current deployment, by any of their names (`synchrotron`, `sync workers`, `synapse-sync-worker`, `synapse.app.generic_worker`, plus the config's `workers.aliases`), must be run by some workload; a workload's worker type comes from its pods' `component` label or its name. One finding per worker type and doc, at the first mention, listing the lines of the others.",
    'What counts: a worker type mentioned as current that no workload in the manifests runs.',
    "What does not: mentions under headings that mark a plan, an example or the past (\"Future Expansion Path\", \"Phase 2\", \"Example\", \"Legacy setup\", plus the config's `scopes` words) or after a `<!-- docdrift scope=future -->` directive; words that name a worker kind but mean something broader (\"background workers\"); roots whose manifests run no Synapse worker at all.",
  ].join('\n\n'),
  description: 'The docs describe, as current, a worker type that the manifests do not deploy.',
  fix: 'Describe the workers that are deployed, or move the text to a section about future expansion (or mark it with <!-- docdrift scope=future -->).',
  check({ lookup, inputs, report }) {
    const deployed = lookup.deployedKinds();
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
