import type { KubeRef } from '../../model/types.ts';
import { addToGroup } from '../../model/group.ts';
import { CLUSTER_SCOPED } from '../../units/kustomize.ts';
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
    'What counts: the same kind, namespace (the default `namespace` for manifests without one; none for cluster-scoped kinds such as ClusterRole, whose `namespace` is ignored) and name twice in one deployment unit (a folder of plain manifests, or what one kustomization renders), in one file or in two. A Namespace written twice with the same labels and annotations is a warning: `kubectl apply` applies the same object twice, only `kubectl create` fails.',
    'What does not: `generateName` objects (each `kubectl create` makes a new name); the same name in another namespace; objects of different kinds with the same name (a Deployment and its Service, a ConfigMap and a Secret); the same object in two units: a generated bundle and the folder it was built from, two kustomize overlays, two Argo CD applications (k8s/alternative-drift compares such copies).',
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
  for (const resource of resources) {
    // A name ending in '-' is a generateName (a real name ends in a letter or digit): each create makes a new object.
    if (resource.name.endsWith('-')) continue;
    // A cluster-scoped object has one name in the cluster, whatever `namespace` its manifest writes.
    addToGroup(groups, `${resource.kind}/${CLUSTER_SCOPED.has(resource.kind) ? '' : resource.namespace}/${resource.name}`, resource);
  }
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
      const name = CLUSTER_SCOPED.has(duplicate.kind) ? duplicate.name : `${duplicate.namespace}/${duplicate.name}`;
      // Each app's folder often opens with the same Namespace: applied twice, the same labels are the same object.
      const harmless = duplicate.kind === 'Namespace' && sameMetadata(duplicate, keeper);
      report({
        at: duplicate.source,
        message:
          `Unexpected second definition of ${duplicate.kind} ${name}, expected one (also defined in ${keeper.source.file}:${keeper.source.line})` +
          (harmless ? ': the same labels and annotations, so `kubectl apply` is unharmed, but `kubectl create` fails on the second' : ''),
        related: [{ at: keeper.source, message: `${keeper.kind} ${keeper.name} defined here` }],
        ...(harmless ? { severity: 'warning' as const } : {}),
      });
    }
  }
}

function sameMetadata(a: KubeRef, b: KubeRef): boolean {
  const values = (record: KubeRef['labels']) => JSON.stringify(Object.entries(record).map(([name, value]) => [name, value.value]).sort());
  return values(a.labels) === values(b.labels) && values(a.annotations) === values(b.annotations);
}
