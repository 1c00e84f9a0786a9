import { claimsOf, type DiagramClaim } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';
import { describeKinds } from './deployed-kinds.ts';

/** Architecture diagrams must show what runs; one that shows other workers contradicts the rest. */
export default defineRule({
  id: 'docs/diagram-inconsistency',
  severity: 'warning',
  impact: 'low',
  title: 'Architecture diagrams show workers that are not deployed',
  consequence:
    'Readers plan capacity, debug and look for components that do not run, and when other diagrams show the deployment right, the docs contradict each other.',
  docs: [
    'Diagrams in sections about the current deployment (Mermaid blocks, and code blocks drawn with box characters) are read for the worker types their boxes name, with the same vocabulary as the text: `synchrotron`, `sync workers` and `synapse-sync-worker` are one kind. A diagram that shows a worker type no workload runs draws an architecture that does not exist. The finding points at the first such box and names, as related, the diagrams in other files that show only deployed workers, since both cannot be right.',
    'What counts: a current diagram with at least one worker type that the manifests do not deploy.',
    'What does not: diagrams in sections about the future, examples or history (headings such as "Future Expansion Path", "Example" or "Legacy setup", or after a `<!-- docdrift scope=future -->` directive); diagrams that show fewer workers than are deployed, which simplify rather than contradict; roots whose manifests run no Synapse worker at all.',
  ].join('\n\n'),
  description: 'A current diagram shows worker types that are not deployed, disagreeing with the deployment and with the diagrams that show it right.',
  fix: 'Redraw the diagram from the deployed components, or move it to a section about future expansion.',
  check({ lookup, inputs, report }) {
    const deployed = lookup.deployedKinds();
    if (deployed.size === 0) return;
    const diagrams = claimsOf(inputs.claims, 'diagram').filter((diagram) => diagram.scope === 'current');
    const faithful = diagrams.filter((diagram) => diagram.kinds.every((entry) => deployed.has(entry.kind)));
    for (const diagram of diagrams) {
      const extra = diagram.kinds.filter((entry) => !deployed.has(entry.kind));
      if (extra.length === 0) continue;
      const extraKinds = [...new Set(extra.map((entry) => entry.kind))];
      const others = firstOfOtherFiles(faithful, diagram.source.file, 3);
      const disagreement = others.length > 0 ? `; ${others.map((other) => `${other.source.file}:${other.source.line}`).join(', ')} show${others.length === 1 ? 's' : ''} only deployed workers` : '';
      report({
        at: extra[0]!.source,
        message: `Diagram shows ${describeKinds(lookup, extraKinds)}, which ${extraKinds.length === 1 ? 'is' : 'are'} not deployed (deployed: ${describeKinds(lookup, deployed.keys())})${disagreement}`,
        related: others.map((other) => ({ at: other.source, message: 'diagram of the deployed architecture' })),
      });
    }
  },
});

/** The first diagrams written in other files than `file`; the scan stops there, as every diagram asks. */
function firstOfOtherFiles(diagrams: readonly DiagramClaim[], file: string, count: number): DiagramClaim[] {
  const found: DiagramClaim[] = [];
  for (const diagram of diagrams) {
    if (found.length === count) break;
    if (diagram.source.file !== file) found.push(diagram);
  }
  return found;
}
