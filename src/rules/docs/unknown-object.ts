import { claimsOf } from '../../model/claims.ts';
import type { KubeRef } from '../../model/types.ts';
import { creatorPlaces } from '../../runtime/types.ts';
import { defineRule } from '../define-rule.ts';

/** Objects that documented kubectl commands name must be objects the manifests define: that name, that kind, that namespace. */
export default defineRule({
  id: 'docs/unknown-object',
  severity: 'warning',
  impact: 'medium',
  title: 'Docs run kubectl on objects the manifests do not define',
  consequence:
    'An operator following the runbook gets `NotFound` at the worst moment, or scales, patches or restarts another object than the one meant.',
  docs: [
    'Objects named by `kubectl` commands in the docs (`get`, `describe`, `edit`, `patch`, `scale`, `rollout`, `logs`, `exec`, `port-forward`, `delete`, `label`, `annotate`, `set`; as `kind/name` or `kind name`, with `-n`/`--namespace`, and pods by `-l`) are looked up among the objects of the manifests and those that operators and Helm releases create (the Secrets of a CloudNativePG `Cluster`, the Services of a `helm install` whose chart docdrift has a table for). A renamed Ingress, a Deployment that became a StatefulSet (`kubectl scale deployment ev` while `ev` is a StatefulSet) and a namespace that changed are the usual causes.',
    'What counts: a name that an object of another kind has (the kind is wrong); a name and kind that exist (in the manifests, or created by an operator or a release) only in another namespace than the `-n` given; a name that no object of that kind has, when the manifests define objects of that kind in the namespace the command addresses; a label selection of pods (`kubectl logs -l app=shop-web`) that no workload of the namespace (nor any pod an operator or a release runs there) carries.',
    'What does not: objects the cluster makes in every namespace (ServiceAccount `default`, ConfigMap `kube-root-ca.crt`); unknown names of Secrets, ConfigMaps, PersistentVolumeClaims and Jobs, which controllers make (a Certificate\'s Secret, a kustomize generator\'s ConfigMap, a volumeClaimTemplate\'s claims, a CronJob\'s Jobs); objects that a doc creates (`kubectl create secret NAME`, "create a secret called NAME"); names an operator or a release creates objects under (a chart\'s StatefulSet beside its Service `cache-redis-master`), and names under the release of a chart docdrift has no table for (`search-master` of `helm install search elastic/elasticsearch`), which may exist; namespaces the manifests put nothing in (objects there come from Helm charts, operators or the cluster itself); kinds the manifests never define; pods (their names are generated), names with placeholders (`<pod>`, `$NAME`); label selections of other kinds than pods, with sets or negations (`in (…)`, `!=`), or in a namespace where a chart or custom resource docdrift cannot read may run pods; Services, which docs/unknown-service checks; commands in example or historical sections.',
  ].join('\n\n'),
  description: 'A documented kubectl command names an object that no manifest defines, or gives it another kind or namespace.',
  fix: 'Use the kind, name and namespace from the manifests, e.g. `kubectl -n NAMESPACE rollout restart statefulset/NAME`.',
  check({ lookup, inputs, report }) {
    const objects = inputs.kubernetesFiles.flatMap((file) => file.resources);
    if (objects.length === 0) return;
    const byName = new Map<string, KubeRef[]>();
    for (const object of objects) byName.set(object.name, [...(byName.get(object.name) ?? []), object]);
    const kinds = new Set(objects.map((object) => `${object.kind}/${object.namespace}`));
    const namespaces = new Set(objects.map((object) => object.namespace));
    for (const object of objects) if (object.kind === 'Namespace') namespaces.add(object.name);
    const documented = new Set(claimsOf(inputs.claims, 'creates').map((step) => `${step.objectKind}/${step.name}`));
    for (const reference of claimsOf(inputs.claims, 'object')) {
      if (reference.scope === 'example' || reference.scope === 'historical') continue;
      if (documented.has(`${reference.objectKind}/${reference.name}`) || CLUSTER_MADE.has(`${reference.objectKind}/${reference.name}`)) continue;
      const namespace = reference.namespace ?? lookup.options.defaultNamespace;
      const named = byName.get(reference.name) ?? [];
      // Namespaces are often made by hand or by Helm: one the manifests use is checked through `-n`, not by name.
      if (reference.objectKind === 'Namespace') continue;
      const sameKind = named.filter((object) => object.kind === reference.objectKind);
      if (sameKind.some((object) => reference.namespace === undefined || object.namespace === namespace)) continue;
      // What operators and Helm releases create (a CloudNativePG Cluster's `NAME-app` Secret) exists as much as what manifests define.
      const created = lookup.runtimeObjectsNamed(reference.name).filter((object) => object.kind === reference.objectKind);
      if (created.some((object) => reference.namespace === undefined || object.namespace === namespace)) continue;
      // A kustomize overlay's namePrefix or nameSuffix: the name the docs give, renamed in the namespace they address.
      const renamed = reference.namespace === undefined ? undefined : objects.find((object) => object.kind === reference.objectKind && object.namespace === namespace && (object.name.endsWith(`-${reference.name}`) || object.name.startsWith(`${reference.name}-`)));
      if (renamed) {
        report({
          at: reference.source,
          message: `${runner(reference.source.file)} kubectl ${reference.verb} on ${reference.objectKind} ${reference.name} in namespace ${namespace}, but there it is named ${renamed.name}: write ${renamed.name}`,
          related: [{ at: renamed.source, message: `${renamed.kind} ${renamed.namespace}/${renamed.name}` }],
        });
        continue;
      }
      if (sameKind.length + created.length > 0) {
        report({
          at: reference.source,
          message: `${runner(reference.source.file)} kubectl ${reference.verb} on ${reference.objectKind} ${reference.name} in namespace ${namespace}, but it is ${sameKind.length > 0 ? 'defined' : 'created'} in ${unique([...sameKind, ...created].map((object) => object.namespace)).join(', ')}`,
          related: [
            ...sameKind.map((object) => ({ at: object.source, message: `${object.kind} ${object.namespace}/${object.name}` })),
            ...created.flatMap((object) => creatorPlaces(object.createdBy, `${object.kind} ${object.namespace}/${object.name}, created by ${object.createdBy.description}`)),
          ],
        });
        continue;
      }
      const otherKind = named.filter((object) => object.kind !== reference.objectKind && object.kind !== 'Service' && (reference.namespace === undefined || object.namespace === namespace));
      if (otherKind.length > 0) {
        report({
          at: reference.source,
          message: `${runner(reference.source.file)} kubectl ${reference.verb} on ${reference.objectKind} ${reference.name}, but ${reference.name} is a ${unique(otherKind.map((object) => object.kind)).join(' and a ')}`,
          related: otherKind.map((object) => ({ at: object.source, message: `${object.kind} ${object.namespace}/${object.name}` })),
        });
        continue;
      }
      // Only where the manifests manage objects of this kind: elsewhere, Helm charts and operators make them.
      if (RUNTIME_MADE_KINDS.has(reference.objectKind) || !namespaces.has(namespace) || !kinds.has(`${reference.objectKind}/${namespace}`)) continue;
      // A release or custom resource makes objects under this name (a chart\'s StatefulSet beside its Service
      // `cache-redis-master`), or may (a chart without a table, under its release name): not unknown.
      if (lookup.unverifiedCreator(namespace, reference.name) || lookup.runtimeObjectsNamed(reference.name).some((object) => object.namespace === namespace)) continue;
      report({ at: reference.source, message: `${runner(reference.source.file)} kubectl ${reference.verb} on ${reference.objectKind} ${namespace}/${reference.name}, which no manifest defines` });
    }
    for (const selection of claimsOf(inputs.claims, 'selection')) {
      if (selection.scope === 'example' || selection.scope === 'historical') continue;
      const namespace = selection.namespace ?? lookup.options.defaultNamespace;
      const templates = lookup.podTemplatesIn(namespace);
      // Only where the manifests run pods, and no chart or operator docdrift cannot read may run others.
      if (templates.length === 0 || lookup.unverifiedCreatorsIn(namespace).length > 0) continue;
      const carries = (labels: Record<string, string>) => Object.entries(selection.labels).every(([label, value]) => labels[label] === value);
      if (templates.some((template) => carries(plainLabels(template.labels))) || lookup.runtimePodsIn(namespace).some((pods) => carries(pods.labels))) continue;
      const pairs = Object.entries(selection.labels).map(([label, value]) => `${label}=${value}`).join(',');
      // The pods the selector most likely meant: those with a label of the same key.
      const near = templates.filter((template) => Object.keys(selection.labels).some((label) => template.labels[label] !== undefined)).slice(0, 3);
      report({
        at: selection.source,
        message: `${runner(selection.source.file)} kubectl ${selection.verb} on pods labelled ${pairs} in namespace ${namespace}, but no workload there runs pods with those labels`,
        related: near.map((template) => ({ at: template.owner.source, message: `${template.owner.kind} ${template.owner.namespace}/${template.owner.name} runs pods labelled ${Object.keys(selection.labels).map((label) => `${label}=${template.labels[label]?.value ?? '(none)'}`).join(',')}` })),
      });
    }
  },
});

function plainLabels(labels: Record<string, { value: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([label, located]) => [label, located.value]));
}

/** Who runs the command: a shell script, or the docs. */
function runner(file: string): string {
  return file.endsWith('.sh') ? `The script ${file} runs` : 'Docs run';
}

/**
 * Kinds that the cluster and its controllers make under names no manifest writes: Secrets of
 * Certificates and service accounts, kustomize-generated ConfigMaps and Secrets, PVCs of
 * volumeClaimTemplates, Jobs of CronJobs. A wrong kind or namespace is still found for them.
 */
const RUNTIME_MADE_KINDS = new Set(['Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Job']);

/** Objects the cluster makes in every namespace. */
const CLUSTER_MADE = new Set(['ServiceAccount/default', 'ConfigMap/kube-root-ca.crt']);

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
