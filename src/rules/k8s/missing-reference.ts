import { creatorPlaces, unverifiedText } from '../../runtime/types.ts';
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
    'What counts: a reference that is not optional, to an object that no manifest defines and no doc shows how to create; one finding per missing object and workload. Objects of another packaging of the app (a unit that is an alternative of this one, such as a bundle and the folder it was built from) are deployed instead of it, not with it: they do not count.',
    'What does not: references marked `optional: true`; references in a kustomize base, which are checked in each overlay that renders it (an overlay may generate what its base mounts); objects defined in another file than the workload; objects a doc creates with `kubectl create`; Secrets an operator or a Helm release creates (a cert-manager Certificate\'s `secretName`, CloudNativePG `NAME-app`, a chart\'s own Secret). A name under a chart release or custom resource docdrift has no table for is a warning. When a guide deploys the workload but skips the creation step, that is reported as `docs/missing-creation-step` instead.',
  ].join('\n\n'),
  description: 'A workload references a ConfigMap or Secret that no manifest defines and no doc shows how to create.',
  fix: 'Add a manifest that defines it, or document the `kubectl create configmap|secret` step that creates it, or mark the reference optional.',
  check({ model, lookup, inputs, report }) {
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
        const creator = lookup.unverifiedCreator(ref.namespace, ref.name);
        const message = `${workload.kind} ${workload.name} uses ${ref.kind} ${ref.namespace}/${ref.name} (${ref.via}), which no manifest defines`;
        report({
          at: ref.source,
          message: creator ? `${message}; it may be ${unverifiedText(creator)}` : message,
          related: [{ at: workload.source, message: `${workload.kind} ${workload.name}` }, ...creatorPlaces(creator?.createdBy, 'may create it')],
          ...(creator ? { severity: 'warning' as const } : {}),
        });
      }
    }
  },
});
