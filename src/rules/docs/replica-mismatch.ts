import { claimsOf } from '../../model/claims.ts';
import { defineRule } from '../define-rule.ts';

/** Replica counts and autoscaling ranges in docs must be the ones the manifests set. */
export default defineRule({
  id: 'docs/replica-mismatch',
  severity: 'error',
  impact: 'medium',
  description: 'A replica count or range in the docs contradicts spec.replicas or the HorizontalPodAutoscaler min/max.',
  fix: 'State the replicas (or the autoscaling range) that the manifests set.',
  check({ model, lookup, inputs, report }) {
    for (const claim of claimsOf(inputs.claims, 'replicas')) {
      if (claim.scope !== 'current') continue;
      const workloads = model.workloads.filter((workload) =>
        claim.subject.service
          ? lookup.servicesFor(workload).some((service) => service.name === claim.subject.service)
          : claim.subject.kind !== undefined && lookup.workerKind(workload) === claim.subject.kind,
      );
      if (workloads.length !== 1) continue; // several workloads of one type: the sentence does not say which
      const workload = workloads[0]!;
      const replicas = lookup.replicas(workload);
      const autoscaler = model.autoscalers.find((entry) => entry.namespace === workload.namespace && entry.target.name === workload.name && entry.target.kind === workload.kind);
      const min = autoscaler?.minReplicas?.value ?? 1;
      const max = autoscaler?.maxReplicas.value;
      const exact = claim.min === claim.max;
      const agrees = autoscaler
        ? (claim.min === min && claim.max === max) || (exact && [replicas, min, max].includes(claim.min))
        : exact
          ? claim.min === replicas
          : claim.min <= replicas && replicas <= claim.max;
      if (agrees) continue;
      const stated = exact ? `${claim.min}` : `${claim.min}-${claim.max}`;
      const actual = autoscaler ? `${replicas} replicas, autoscaled ${min}-${max}` : `${replicas} replicas`;
      report({
        at: claim.source,
        message: `Docs give ${stated} for ${claim.subject.text}, but ${workload.kind} ${workload.name} has ${actual}`,
        related: [
          { at: workload.replicas?.source ?? workload.source, message: `${workload.name} replicas` },
          ...(autoscaler ? [{ at: autoscaler.maxReplicas.source, message: `HorizontalPodAutoscaler ${autoscaler.name}` }] : []),
        ],
      });
    }
  },
});
