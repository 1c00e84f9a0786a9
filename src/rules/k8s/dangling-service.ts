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
      const labelSources = Object.values(service.selector).map((value) => ({
        at: value.source,
        message: 'selector label that no pod template carries with this value',
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
