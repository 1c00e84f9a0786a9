import type { KubeRef } from '../../model/types.ts';
import { addToGroup } from '../../model/group.ts';
import { defineRule, type RuleContext } from '../define-rule.ts';

/**
 * Kubernetes keeps one object per kind/namespace/name, so a second definition either fails
 * `kubectl create` or silently overwrites the first on `apply`.
 */
export default defineRule({
  id: 'k8s/duplicate-resource',
  severity: 'error',
  impact: 'high',
  title: 'Kubernetes objects defined twice',
  consequence:
    '`kubectl create` fails on the second definition and `kubectl apply` keeps whichever it applies last, so what runs depends on file order.',
  docs: [
    'Kubernetes keeps one object per kind, namespace and name. Two manifests that define the same one are two versions of it, and only one can be live. The definition kept as the original is the one in the file with the most objects of its own; a file that only repeats objects defined elsewhere (an old copy, an overlay checked in twice) is where the duplicates are reported.',
    'What counts: the same kind, namespace (the default `namespace` for manifests without one) and name twice in one deployment unit (a folder of plain manifests, or what one kustomization renders), in one file or in two.',
    'What does not: the same name in another namespace; objects of different kinds with the same name (a Deployment and its Service, a ConfigMap and a Secret); the same object in two units: a generated bundle and the folder it was built from, two kustomize overlays, two Argo CD applications (k8s/alternative-drift compares such copies).',
  ].join('\n\n'),
  description: 'The same kind, namespace and name is defined more than once.',
  fix: 'Keep one definition: delete the duplicate (often a whole file that repeats objects defined elsewhere).',
  check({ model, report }) {
    // Objects are compared within their unit: a bundle, an overlay or another application may hold the same names.
    const byUnit = new Map<string, KubeRef[]>();
    for (const resource of model.resources) addToGroup(byUnit, resource.unit ?? '', resource);
    for (const resources of byUnit.values()) reportDuplicates(resources, report);
  },
});

function reportDuplicates(resources: KubeRef[], report: RuleContext['report']): void {
  const groups = new Map<string, KubeRef[]>();
  for (const resource of resources) addToGroup(groups, `${resource.kind}/${resource.namespace}/${resource.name}`, resource);
  const duplicated = [...groups.values()].filter((group) => group.length > 1);
  if (duplicated.length === 0) return;

  // The definition to keep is the one in the file with the most objects of its own;
  // a file that only repeats objects defined elsewhere is the redundant one.
  const uniquePerFile = new Map<string, number>();
  for (const group of groups.values()) {
    if (group.length === 1) {
      const file = group[0]!.source.file;
      uniquePerFile.set(file, (uniquePerFile.get(file) ?? 0) + 1);
    }
  }
  for (const group of duplicated) {
    const keeper = group.reduce((best, candidate) =>
      (uniquePerFile.get(candidate.source.file) ?? 0) > (uniquePerFile.get(best.source.file) ?? 0) ? candidate : best,
    );
    for (const duplicate of group) {
      if (duplicate === keeper) continue;
      report({
        at: duplicate.source,
        message: `Unexpected second definition of ${duplicate.kind} ${duplicate.namespace}/${duplicate.name}, expected one (also defined in ${keeper.source.file}:${keeper.source.line})`,
        related: [{ at: keeper.source, message: `${keeper.kind} ${keeper.name} defined here` }],
      });
    }
  }
}
