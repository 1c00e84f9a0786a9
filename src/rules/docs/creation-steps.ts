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

/**
 * Documented `kubectl apply -f` steps that apply the given manifest: by file, by its own folder, or
 * by a folder above it when the step is recursive (`-R`, `-k`): `apply -f DIR` reads DIR's top level only.
 */
export function applyStepsFor(claims: readonly Claim[], manifest: string, paths: ReadonlySet<string>): ApplyStep[] {
  const byApplied = currentStepsByApplied(claims, paths);
  const own = manifest.includes('/') ? manifest.slice(0, manifest.lastIndexOf('/')) : '';
  const steps = [...(byApplied.get(manifest) ?? [])];
  // The root ('') and every folder above the manifest.
  const folders = [''];
  for (let slash = manifest.indexOf('/'); slash >= 0; slash = manifest.indexOf('/', slash + 1)) folders.push(manifest.slice(0, slash));
  for (const folder of folders) for (const entry of byApplied.get(folder) ?? []) if (folder === own || entry.step.recursive) steps.push(entry);
  return steps.sort((a, b) => a.order - b.order).map(({ step }) => step);
}

/** Current apply steps (validations left out) by the path they apply. */
function currentStepsByApplied(claims: readonly Claim[], paths: ReadonlySet<string>): Map<string, IndexedStep[]> {
  let byPaths = applyIndexes.get(claims);
  if (!byPaths) applyIndexes.set(claims, (byPaths = new WeakMap()));
  let index = byPaths.get(paths);
  if (!index) {
    index = new Map();
    for (const [order, claim] of claims.entries()) {
      // A --dry-run validates: it deploys nothing, so it needs nothing created.
      if (claim.type !== 'applies' || claim.scope !== 'current' || claim.dryRun) continue;
      const applied = appliedPath(claim, paths);
      if (applied !== undefined) addToGroup(index, applied, { step: claim, order });
    }
    byPaths.set(paths, index);
  }
  return index;
}
