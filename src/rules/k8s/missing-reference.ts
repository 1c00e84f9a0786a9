import type { ConfigRef, Workload } from '../../model/types.ts';
import { creatorPlaces, unverifiedText } from '../../runtime/types.ts';
import { configObjectsMadeIn, nearestObjectName } from '../../model/near-name.ts';
import { defineRule } from '../define-rule.ts';
import { applyStepsFor, documentedCreation } from '../docs/creation-steps.ts';

/** Pods that mount or read a ConfigMap/Secret that does not exist never start. */
export default defineRule({
  id: 'k8s/missing-reference',
  severity: 'error',
  impact: 'high',
  title: 'Workloads use ConfigMaps or Secrets that nothing creates',
  consequence:
    'Pods that mount or read the missing object never start (`CreateContainerConfigError`, or stuck in `ContainerCreating` for a volume), so the workload has no ready replicas.',
  docs: [
    "Workloads reference ConfigMaps and Secrets through volumes (`configMap`, `secret`, projected sources), `envFrom`, and `env[].valueFrom` (`configMapKeyRef`, `secretKeyRef`). Each must exist in the workload's namespace before its pods start. It can come from a manifest, or from a documented step that creates it (`kubectl create secret generic NAME …`, `kubectl create configmap NAME --from-file=…`).",
    'What counts: a reference that is not optional, to an object that no manifest defines and no doc shows how to create; one finding per missing object and workload, and one for a line that several renderings share: a kustomize base that overlays render (the message names each namespace), a bundle and the folder it is built from (reported in the folder, the bundle\'s line related). Objects of another packaging of the app (a unit that is an alternative of this one, such as a bundle and the folder it was built from) are deployed instead of it, not with it: they do not count.',
    'What does not: references marked `optional: true`; `kube-root-ca.crt`, which the control plane publishes in every namespace (a projected service account volume reads it); references in a kustomize base, which are checked in each overlay that renders it (an overlay may generate what its base mounts); objects defined in another file than the workload; objects a doc creates with `kubectl create`; Secrets an operator or a Helm release creates (a cert-manager Certificate\'s `secretName`, CloudNativePG `NAME-app`, a chart\'s own Secret). A name under a chart release or custom resource docdrift has no table for is a warning. When a guide deploys the workload but skips the creation step, that is reported as `docs/missing-creation-step` instead.',
  ].join('\n\n'),
  description: 'A workload references a ConfigMap or Secret that no manifest defines and no doc shows how to create.',
  fix: 'Add a manifest that defines it, or document the `kubectl create configmap|secret` step that creates it, or mark the reference optional.',
  check({ model, lookup, inputs, report }) {
    const builtUnits = new Set(model.units.filter((unit) => unit.builtBy.length > 0).map((unit) => unit.id));
    // One cause, one finding: a workload packaged twice (a bundle built from a folder), or a base line that
    // several overlays render, misses the object once.
    const findings = new Map<string, Missing[]>();
    for (const workload of model.workloads) {
      if (lookup.inBase(workload)) continue;
      // One finding per missing object and workload: a volume projecting several keys holds one reference per key.
      const reported = new Set<string>();
      for (const ref of workload.configRefs) {
        if (ref.optional || lookup.hasConfigObject(ref.kind, ref.namespace, ref.name, workload)) continue;
        const object = `${ref.kind}/${ref.namespace}/${ref.name}`;
        if (reported.has(object)) continue;
        reported.add(object);
        // A documented creation step satisfies it; a guide that deploys it without one is docs/missing-creation-step.
        if (documentedCreation(inputs.claims, ref) || applyStepsFor(inputs.claims, ref.source.file, inputs.paths).length > 0) continue;
        const id = `${ref.kind}/${ref.name}`;
        const group = findings.get(id) ?? [];
        const same = group.find((found) => samePlace(found.ref, ref) || (found.workload.name === workload.name && !lookup.deployedTogether(found.workload, workload)));
        if (same) same.copies.push({ workload, ref });
        else findings.set(id, [...group, { workload, ref, copies: [] }]);
      }
    }
    for (const missing of [...findings.values()].flat()) {
      // Reported in the folder a bundle is built from, the bundle's copy related.
      const ordered = [missing, ...missing.copies].sort((a, b) => Number(builtUnits.has(a.workload.unit ?? '')) - Number(builtUnits.has(b.workload.unit ?? '')));
      const { workload, ref } = ordered[0]!;
      const others = ordered.slice(1);
      const namespaces = [...new Set(ordered.map((copy) => copy.ref.namespace))];
      const creator = lookup.unverifiedCreator(ref.namespace, ref.name);
      const object = namespaces.length === 1 ? `${ref.namespace}/${ref.name}` : `${ref.name} in namespaces ${namespaces.join(' and ')}`;
      const message = `${workload.kind} ${workload.name} uses ${ref.kind} ${object} (${ref.via}), which no manifest defines`;
      // A near name that a manifest or an operator does make (a Certificate's secretName) is the likelier fix.
      const near = creator ? undefined : nearestObjectName(configObjectsMadeIn(lookup, ref.kind, ref.namespace), ref.name);
      report({
        at: ref.source,
        message: creator ? `${message}; it may be ${unverifiedText(creator)}` : near ? `${message}; ${near.description} in ${ref.namespace}: make the two names agree` : message,
        related: [
          { at: workload.source, message: `${workload.kind} ${workload.name}` },
          ...others.filter((other) => !samePlace(other.ref, ref)).map((other) => ({ at: other.ref.source, message: `the same reference in ${other.workload.unit ?? 'another packaging'}` })),
          ...creatorPlaces(creator?.createdBy, 'may create it'),
          ...(near?.source ? [{ at: near.source, message: near.description }] : []),
        ],
        ...(creator ? { severity: 'warning' as const } : {}),
      });
    }
  },
});

function samePlace(a: ConfigRef, b: ConfigRef): boolean {
  return a.source.file === b.source.file && a.source.line === b.source.line && a.source.column === b.source.column;
}

/** A reference to an object nothing creates, and its copies in other packagings of the same workload. */
interface Missing {
  workload: Workload;
  ref: ConfigRef;
  copies: { workload: Workload; ref: ConfigRef }[];
}
