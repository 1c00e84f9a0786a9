import { claimsOf, type ReplicaClaim } from '../../model/claims.ts';
import type { ModelLookup } from '../../model/lookup.ts';
import type { Workload } from '../../model/types.ts';
import { nearest } from '../../model/locality.ts';
import { defineRule } from '../define-rule.ts';

/** Replica counts and autoscaling ranges in docs must be the ones the manifests set. */
export default defineRule({
  id: 'docs/replica-mismatch',
  severity: 'error',
  impact: 'medium',
  title: 'Docs give replica counts the manifests do not set',
  consequence:
    'Capacity planning, failover expectations and runbooks rest on a number of pods that does not run.',
  docs: [
    "Replica counts and ranges that the docs state for a worker type or a Service (`2 sync workers`, `scales between 2 and 6`, a replicas column in a table, a count drawn beside a box label in a diagram: `[ web (2 pods) ]`, `Event Persisters ×2`) are compared with the one workload they describe: its `spec.replicas` (1 when omitted) and, when a HorizontalPodAutoscaler targets it, the autoscaler's `minReplicas` to `maxReplicas`.",
    "What counts: a count that is not the workload's replicas (nor, when it is autoscaled, the autoscaler's minimum or maximum); a range that is not the autoscaler's range, or, for a workload without an autoscaler, a range that does not contain its replicas.",
    'What does not: sizing for other scales (tier tables with Small/Medium/Large or user counts, sections such as "### 20K users"); worked examples ("e.g., 2 replicas", "3 replicas × 10 = 30 connections"); counts in a section that scales by hand (`kubectl scale … --replicas=3`); statements about a worker type that several workloads run (the sentence does not say which one); DaemonSets, Jobs and CronJobs, which have no replica count; a count that one rendering of the workload has (a kustomize overlay that sets its replicas); sections about the future, examples or history.',
  ].join('\n\n'),
  description: 'A replica count or range in the docs contradicts spec.replicas or the HorizontalPodAutoscaler min/max.',
  fix: 'State the replicas (or the autoscaling range) that the manifests set.',
  check({ lookup, inputs, report }) {
    for (const claim of claimsOf(inputs.claims, 'replicas')) {
      if (claim.scope !== 'current') continue;
      const candidates = claim.subject.service
        ? lookup.workloadsSelectedByServicesNamed(claim.subject.service)
        : claim.subject.kind !== undefined
          ? lookup.workloadsOfKind(claim.subject.kind)
          : [];
      const workloads = nearest(claim.source.file, candidates, (workload) => workload.source.file);
      // Copies of one manifest rendered in several units (a kustomize base and its overlays) are one workload.
      if (new Set(workloads.map((workload) => `${workload.source.file}:${workload.source.line}:${workload.source.column}`)).size !== 1) continue;
      // The docs describe one of the units: a count that some rendering has is not drift.
      const verdicts = workloads.map((workload) => judgeCount(claim, workload, lookup));
      if (verdicts.some((verdict) => verdict === undefined || verdict.agrees)) continue;
      const { workload, replicas, autoscaler, min, max, exact } = verdicts[0]!;
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

/** Whether a replica claim agrees with one workload, and what the workload runs; undefined when it has no replica count. */
function judgeCount(claim: ReplicaClaim, workload: Workload, lookup: ModelLookup) {
  const replicas = lookup.replicas(workload);
  // DaemonSets, Jobs and CronJobs have no replica count to compare with.
  if (replicas === undefined) return undefined;
  const autoscaler = lookup.autoscalerFor(workload);
  const min = autoscaler?.minReplicas?.value ?? 1;
  const max = autoscaler?.maxReplicas.value;
  const exact = claim.min === claim.max;
  const agrees = autoscaler
    ? (claim.min === min && claim.max === max) || (exact && [replicas, min, max].includes(claim.min))
    : exact
      ? claim.min === replicas
      : claim.min <= replicas && replicas <= claim.max;
  return { workload, replicas, autoscaler, min, max, exact, agrees };
}
