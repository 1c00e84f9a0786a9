import { claimsOf, type ApplyStep, type Claim } from '../../model/claims.ts';
import type { ConfigRef } from '../../model/types.ts';

/** A documented `kubectl create configmap|secret` for this reference, in any scope but examples. */
export function documentedCreation(claims: readonly Claim[], ref: ConfigRef) {
  return claimsOf(claims, 'creates').find(
    (step) => step.scope !== 'example' && step.objectKind === ref.kind && step.name === ref.name && (step.namespace === undefined || step.namespace === ref.namespace),
  );
}

/** The file or folder a `kubectl apply -f` step applies: its nearest reading that exists. */
export function appliedPath(step: ApplyStep, paths: ReadonlySet<string>): string | undefined {
  return step.candidates.find((candidate) => candidate === '' || paths.has(candidate));
}

/** Documented `kubectl apply -f` steps that apply the given manifest (by file or by folder). */
export function applyStepsFor(claims: readonly Claim[], manifest: string, paths: ReadonlySet<string>): ApplyStep[] {
  return claimsOf(claims, 'applies').filter((step) => {
    if (step.scope !== 'current') return false;
    const applied = appliedPath(step, paths);
    return applied !== undefined && (applied === manifest || applied === '' || manifest.startsWith(`${applied}/`));
  });
}
