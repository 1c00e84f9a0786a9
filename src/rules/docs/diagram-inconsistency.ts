import { claimsOf } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';
import { deployedKinds, describeKinds } from './deployed-kinds.ts';

/** Architecture diagrams must show what runs; one that shows other workers contradicts the rest. */
export default defineRule({
  id: 'docs/diagram-inconsistency',
  severity: 'warning',
  impact: 'low',
  description: 'A current diagram shows worker types that are not deployed, disagreeing with the deployment and with the diagrams that show it right.',
  fix: 'Redraw the diagram from the deployed components, or move it to a section about future expansion.',
  check({ lookup, inputs, report }) {
    const deployed = deployedKinds(lookup);
    if (deployed.size === 0) return;
    const diagrams = claimsOf(inputs.claims, 'diagram').filter((diagram) => diagram.scope === 'current');
    const faithful = diagrams.filter((diagram) => diagram.kinds.every((entry) => deployed.has(entry.kind)));
    for (const diagram of diagrams) {
      const extra = diagram.kinds.filter((entry) => !deployed.has(entry.kind));
      if (extra.length === 0) continue;
      const extraKinds = [...new Set(extra.map((entry) => entry.kind))];
      const others = faithful.filter((other) => other.source.file !== diagram.source.file).slice(0, 3);
      const disagreement = others.length > 0 ? `; ${others.map((other) => `${other.source.file}:${other.source.line}`).join(', ')} show${others.length === 1 ? 's' : ''} only deployed workers` : '';
      report({
        at: extra[0]!.source,
        message: `Diagram shows ${describeKinds(lookup, extraKinds)}, which ${extraKinds.length === 1 ? 'is' : 'are'} not deployed (deployed: ${describeKinds(lookup, deployed.keys())})${disagreement}`,
        related: others.map((other) => ({ at: other.source, message: 'diagram of the deployed architecture' })),
      });
    }
  },
});
