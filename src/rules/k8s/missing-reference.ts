import { defineRule } from '../define-rule.ts';

/** Pods that mount or read a ConfigMap/Secret that does not exist never start. */
export default defineRule({
  id: 'k8s/missing-reference',
  severity: 'error',
  impact: 'high',
  description: 'A workload references a ConfigMap or Secret that no manifest defines.',
  fix: 'Add a manifest that defines it, or document the `kubectl create configmap|secret` step that creates it, or mark the reference optional.',
  check({ model, lookup, report }) {
    for (const workload of model.workloads) {
      for (const ref of workload.configRefs) {
        if (ref.optional || lookup.hasConfigObject(ref.kind, ref.namespace, ref.name)) continue;
        report({
          at: ref.source,
          message: `${workload.kind} ${workload.name} uses ${ref.kind} ${ref.namespace}/${ref.name} (${ref.via}), which no manifest defines`,
          related: [{ at: workload.source, message: `${workload.kind} ${workload.name}` }],
        });
      }
    }
  },
});
