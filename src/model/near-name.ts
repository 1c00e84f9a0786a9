import type { ModelLookup } from './lookup.ts';
import type { Source } from './types.ts';

/**
 * The candidate whose name a misspelt or stale reference most likely meant: one name is a prefix of
 * the other (or the name with a kustomize namePrefix, `prod-api` for `api`), or they share most of
 * their start. Undefined when none comes near.
 */
export function nearestName<T extends { name: string }>(candidates: readonly T[], name: string): T | undefined {
  let best: T | undefined;
  let bestLength = 3;
  for (const candidate of candidates) {
    let common = 0;
    while (common < name.length && common < candidate.name.length && name[common] === candidate.name[common]) common++;
    const prefixed = candidate.name.endsWith(`-${name}`);
    const affix = name.startsWith(candidate.name) || candidate.name.startsWith(name) || prefixed;
    const score = affix ? Math.max(common, prefixed ? name.length : 0) + 100 : common;
    if (score > bestLength && (affix || common >= Math.min(name.length, candidate.name.length) * 0.6)) [best, bestLength] = [candidate, score];
  }
  return best;
}

/**
 * The ConfigMap or Secret a reference most likely meant, stricter than nearestName: operators name
 * their objects by role after a shared prefix (`ledger-app`, `ledger-server`, `ledger-superuser`),
 * so only a name that one is an affix of the other (`api-secret` for `api-secrets`), or that ends in
 * the same role with an affix before it (`api-int-tls` for `api-internal-tls`), comes near.
 */
export function nearestObjectName<T extends { name: string }>(candidates: readonly T[], name: string): T | undefined {
  const role = (text: string) => text.slice(text.lastIndexOf('-') + 1);
  const head = (text: string) => text.slice(0, Math.max(0, text.lastIndexOf('-')));
  const affix = (a: string, b: string) => a.length > 0 && b.length > 0 && (a.startsWith(b) || b.startsWith(a) || a.endsWith(`-${b}`) || b.endsWith(`-${a}`));
  return candidates.find((candidate) => candidate.name !== name && (affix(candidate.name, name) || (role(candidate.name) === role(name) && affix(head(candidate.name), head(name)))));
}

/** The ConfigMaps or Secrets of a namespace that manifests define or operators and releases create, as candidates for a near name. */
export function configObjectsMadeIn(lookup: ModelLookup, kind: 'ConfigMap' | 'Secret', namespace: string): { name: string; source: Source | undefined; description: string }[] {
  return [
    ...lookup.model.configObjects.filter((object) => object.kind === kind && object.namespace === namespace).map((object) => ({ name: object.name, source: object.source, description: `${kind} ${object.name} is defined` })),
    ...lookup.runtimeObjectsIn(namespace, kind).map((object) => ({ name: object.name, source: object.createdBy.source, description: `${object.createdBy.description} creates ${kind} ${object.name}` })),
  ];
}
