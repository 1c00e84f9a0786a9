/**
 * One deployment out of a repository's units: the objects of some units only. A repository that
 * packages one app several ways (a folder, its bundle, kustomize bases and tests) describes one
 * deployment, and a page or a docs rule that lists every packaging's copy says each thing N times.
 */
import { compareText } from '../engine/finding.ts';
import type { DeployedModel, DeploymentUnit } from '../model/types.ts';

/**
 * The model with only the objects (and Synapse configs) of the given units and those of no unit.
 * The unit list and HAProxy configs stay whole.
 */
export function restrictToUnits(model: DeployedModel, ids: ReadonlySet<string>): DeployedModel {
  const kept = <T extends { unit?: string }>(objects: T[]) => objects.filter((object) => object.unit === undefined || ids.has(object.unit));
  return {
    ...model,
    resources: kept(model.resources),
    workloads: kept(model.workloads),
    services: kept(model.services),
    ingresses: kept(model.ingresses),
    configObjects: kept(model.configObjects),
    autoscalers: kept(model.autoscalers),
    customResources: kept(model.customResources),
    networkPolicies: kept(model.networkPolicies),
    disruptionBudgets: kept(model.disruptionBudgets),
    monitors: kept(model.monitors),
    synapse: kept(model.synapse),
  };
}

/**
 * The units that make up one deployment when nobody says which (config `units.docs`): every
 * checked unit except unused kustomize components, kustomize bases (their overlays render them),
 * and those another chosen unit is an alternative packaging of. Environment overlays of one base
 * (`overlays/prod`, `overlays/staging`: sibling folders that render the same unit) are deployed
 * to different places, so one is shown, production first. The main packaging is chosen first: one
 * outside test and example folders, nearest the root, a folder or kustomization before a bundle.
 */
export function mainUnits(units: readonly DeploymentUnit[]): string[] {
  const aside = (unit: DeploymentUnit) => (/(^|\/)(tests?|examples?|samples?|e2e)(\/|$)/i.test(unit.path) ? 1 : 0);
  const production = (unit: DeploymentUnit) => (/(^|\/)(prod|production)(\/|$)/i.test(unit.path) ? 0 : 1);
  const depth = (unit: DeploymentUnit) => unit.path.split('/').length;
  const checked = units.filter((unit) => unit.status === 'checked');
  const rendered = new Set(checked.flatMap((unit) => unit.includes));
  const ordered = checked
    // A component no kustomization uses is an option nobody applied, not part of the deployment.
    .filter((unit) => unit.kind !== 'component' && !rendered.has(unit.id))
    .sort((a, b) => aside(a) - aside(b) || depth(a) - depth(b) || Number(a.kind === 'bundle') - Number(b.kind === 'bundle') || production(a) - production(b) || compareText(a.id, b.id));
  const chosen: DeploymentUnit[] = [];
  for (const unit of ordered) {
    if (chosen.some((other) => unit.alternatives.includes(other.id) || environmentsOfOneBase(unit, other))) continue;
    chosen.push(unit);
  }
  return chosen.map((unit) => unit.id).sort(compareText);
}

function environmentsOfOneBase(a: DeploymentUnit, b: DeploymentUnit): boolean {
  const parent = (unit: DeploymentUnit) => unit.path.slice(0, Math.max(0, unit.path.lastIndexOf('/')));
  return parent(a) === parent(b) && a.includes.some((id) => b.includes.includes(id));
}

/** The deployment a reader of the site or the docs is shown: the configured units, else the main ones. */
export function deploymentView(model: DeployedModel, configured: readonly string[]): DeployedModel {
  if (model.units.length <= 1 && configured.length === 0) return model;
  return restrictToUnits(model, new Set(configured.length > 0 ? configured : mainUnits(model.units)));
}
