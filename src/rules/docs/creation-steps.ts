import { claimsOf, type ApplyStep, type Claim, type CreationStep } from '../../model/claims.ts';
import { addToGroup } from '../../model/group.ts';
import type { ConfigRef } from '../../model/types.ts';

// Rules ask these once per ConfigMap/Secret reference: the steps are indexed once per run's claims.
const creationIndexes = new WeakMap<readonly Claim[], Map<string, CreationStep[]>>();
const applyIndexes = new WeakMap<readonly Claim[], WeakMap<ReadonlySet<string>, Map<string, IndexedStep[]>>>();

/** An apply step with its position among the claims, so that steps found under several paths keep claim order. */
interface IndexedStep {
  step: ApplyStep;
  order: number;
}

/** A documented `kubectl create configmap|secret` for this reference, in any scope but examples. */
export function documentedCreation(claims: readonly Claim[], ref: ConfigRef): CreationStep | undefined {
  let index = creationIndexes.get(claims);
  if (!index) {
    index = new Map();
    for (const step of claimsOf(claims, 'creates')) if (step.scope !== 'example') addToGroup(index, `${step.objectKind}/${step.name}`, step);
    creationIndexes.set(claims, index);
  }
  return index.get(`${ref.kind}/${ref.name}`)?.find((step) => step.namespace === undefined || step.namespace === ref.namespace);
}

/** The file or folder a `kubectl apply -f` step applies: its nearest reading that exists. */
export function appliedPath(step: ApplyStep, paths: ReadonlySet<string>): string | undefined {
  return step.candidates.find((candidate) => candidate === '' || paths.has(candidate));
}

/** Documented `kubectl apply -f` steps that apply the given manifest (by file or by folder). */
export function applyStepsFor(claims: readonly Claim[], manifest: string, paths: ReadonlySet<string>): ApplyStep[] {
  const byApplied = currentStepsByApplied(claims, paths);
  // The manifest itself, the root ('') and every folder above it.
  const applying = new Set([manifest, '']);
  for (let slash = manifest.indexOf('/'); slash >= 0; slash = manifest.indexOf('/', slash + 1)) applying.add(manifest.slice(0, slash));
  return [...applying]
    .flatMap((path) => byApplied.get(path) ?? [])
    .sort((a, b) => a.order - b.order)
    .map(({ step }) => step);
}

/** Current apply steps by the path they apply. */
function currentStepsByApplied(claims: readonly Claim[], paths: ReadonlySet<string>): Map<string, IndexedStep[]> {
  let byPaths = applyIndexes.get(claims);
  if (!byPaths) applyIndexes.set(claims, (byPaths = new WeakMap()));
  let index = byPaths.get(paths);
  if (!index) {
    index = new Map();
    for (const [order, claim] of claims.entries()) {
      if (claim.type !== 'applies' || claim.scope !== 'current') continue;
      const applied = appliedPath(claim, paths);
      if (applied !== undefined) addToGroup(index, applied, { step: claim, order });
    }
    byPaths.set(paths, index);
  }
  return index;
}
