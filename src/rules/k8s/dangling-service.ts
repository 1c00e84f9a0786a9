import { creatorPlaces, unverifiedText } from '../../runtime/types.ts';
import { defineRule } from '../define-rule.ts';

/** A Service whose selector matches no pod has no endpoints: every connection to it fails. */
export default defineRule({
  id: 'k8s/dangling-service',
  severity: 'error',
  impact: 'high',
  title: 'Services that select no pods',
  consequence:
    'The Service has no endpoints: every connection to it is refused (through HAProxy, its backend is down) although the workload itself runs.',
  docs: [
    "A Service sends traffic to the pods whose labels include every key and value of its `spec.selector`. The labels that count are the pod template's (`spec.template.metadata.labels`, the job template's for a CronJob), not the labels of the Deployment or StatefulSet object itself, and only workloads in the Service's namespace.",
    'What counts: a selector that no pod template of the namespace satisfies, such as a typo in a value (`component: master` for `main`), a label that only the workload object carries, or a workload in another namespace; and an empty selector. The finding names the Service and points, as related, at the first label no pod template carries.',
    'Pods that operators and Helm releases run count, with the labels their tables give (`cnpg.io/cluster: NAME` for a CloudNativePG Cluster, `v1.min.io/tenant: NAME` for a MinIO Tenant). A selector value that names a custom resource or release docdrift has no table for is a warning: its pods may carry the labels; so is a selector value named after a chart folder docdrift did not render (`web` or `web-…` for `charts/web`, without `helm` on PATH). Objects of another packaging of the app (a unit that is an alternative of this one, such as a bundle and the folder it was built from) are deployed instead of it, not with it: they do not count.',
    'A Service of a kustomize base is judged in the overlays that render it, once for the base\'s line however many overlays render it.',
    'What does not: a Service without a selector (its endpoints are managed by hand, with an `Endpoints` object); an `ExternalName` Service; a selector that is a subset of the pod labels.',
  ].join('\n\n'),
  description: "A Service's selector matches no workload's pod labels.",
  fix: "Make the selector equal labels of the pods that should serve it (spec.template.metadata.labels), or remove the Service.",
  check({ model, lookup, report }) {
    // A base file rendered by several overlays is one cause: reported once, for its first rendering.
    const reported = new Set<string>();
    for (const service of model.services) {
      if (service.type === 'ExternalName' || service.selector === undefined || lookup.inBase(service)) continue;
      if (lookup.selectedWorkloads(service).length > 0 || lookup.runtimePodsSelectedBy(service).length > 0) continue;
      const place = `${service.source.file}:${service.source.line}:${service.source.column}`;
      if (reported.has(place)) continue;
      reported.add(place);
      const selector = Object.entries(service.selector).map(([label, value]) => `${label}=${value.value}`).join(', ');
      // Pods of an operator docdrift has no table for (or of a chart release) may carry the labels: say so, not more.
      const creator = Object.values(service.selector)
        .map((value) => lookup.unverifiedCreator(service.namespace, value.value))
        .find((found) => found !== undefined);
      if (creator) {
        report({
          at: service.source,
          message: `Service ${service.namespace}/${service.name} selects no pod of the manifests (${selector}); its pods may be ${unverifiedText(creator)}`,
          severity: 'warning',
          related: creatorPlaces(creator.createdBy, creator.createdBy.description),
        });
        continue;
      }
      // A chart docdrift could not render may run the pods.
      const unrendered = Object.values(service.selector).map((value) => lookup.unrenderedUnitFor(value.value)).find((unit) => unit !== undefined);
      if (unrendered) {
        report({
          at: service.source,
          message: `Service ${service.namespace}/${service.name} selects no pod of the rendered manifests (${selector}); ${unrendered.kind} ${unrendered.id}, which docdrift did not render, may run them`,
          severity: 'warning',
          related: [{ at: unrendered.source, message: `${unrendered.kind} ${unrendered.id}, not rendered` }],
        });
        continue;
      }
      // Point at a label no pod template in the namespace carries; when each label alone is carried
      // (only the combination matches nothing), at the first one.
      const podLabels = lookup.workloadsIn(service.namespace).map((workload) => workload.podLabels);
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
