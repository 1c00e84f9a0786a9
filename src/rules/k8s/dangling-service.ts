import { defineRule } from '../define-rule.ts';

/** A Service whose selector matches no pod has no endpoints: every connection to it fails. */
export default defineRule({
  id: 'k8s/dangling-service',
  severity: 'error',
  impact: 'high',
  description: "A Service's selector matches no workload's pod labels.",
  fix: "Make the selector equal labels of the pods that should serve it (spec.template.metadata.labels), or remove the Service.",
  check({ model, lookup, report }) {
    for (const service of model.services) {
      if (service.type === 'ExternalName' || service.selector === undefined) continue;
      if (lookup.selectedWorkloads(service).length > 0) continue;
      const selector = Object.entries(service.selector).map(([label, value]) => `${label}=${value.value}`).join(', ');
      // Point at a label no pod template in the namespace carries; when each label alone is carried
      // (only the combination matches nothing), at the first one.
      const podLabels = model.workloads.filter((workload) => workload.namespace === service.namespace).map((workload) => workload.podLabels);
      const entries = Object.entries(service.selector);
      const unmatched = entries.filter(([label, value]) => !podLabels.some((labels) => labels[label]?.value === value.value));
      const labelSources = (unmatched.length > 0 ? unmatched : entries).map(([, value]) => ({
        at: value.source,
        message: unmatched.length > 0 ? 'selector label that no pod template carries with this value' : 'selector whose labels no single pod template carries together',
      }));
      report({
        at: service.source,
        message:
          selector === ''
            ? `Service ${service.namespace}/${service.name} has an empty selector, expected labels that select its pods`
            : `Service ${service.namespace}/${service.name} selects no pods: no workload in namespace ${service.namespace} has labels ${selector}`,
        related: labelSources.slice(0, 1),
      });
    }
  },
});
