import { claimsOf, type ApplyStep, type Claim } from '../../model/claims.ts';
import type { ConfigRef } from '../../model/types.ts';

/** A documented `kubectl create configmap|secret` for this reference, in any scope but examples. */
export function documentedCreation(claims: readonly Claim[], ref: ConfigRef) {
  return claimsOf(claims, 'creates').find(
    (step) => step.scope !== 'example' && step.objectKind === ref.kind && step.name === ref.name && (step.namespace === undefined || step.namespace === ref.namespace),
  );
}

/** Documented `kubectl apply -f` steps that apply the given manifest (by file or by folder). */
export function applyStepsFor(claims: readonly Claim[], manifest: string): ApplyStep[] {
  return claimsOf(claims, 'applies').filter(
    (step) => step.scope === 'current' && (step.path === manifest || manifest.startsWith(`${step.path}/`) || step.path === '.' || step.path === ''),
  );
}
