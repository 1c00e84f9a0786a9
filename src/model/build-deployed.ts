import type { KubernetesFile } from '../parse/kubernetes.ts';
import type { DeployedModel, DeploymentUnit, HaproxyConfig, SynapseConfig } from './types.ts';

/** Joins the per-unit objects (in unit order) into one model. */
export function buildDeployedModel(
  kubernetesFiles: KubernetesFile[],
  haproxy: HaproxyConfig[],
  synapse: SynapseConfig[],
  units: DeploymentUnit[] = [],
  /** Every YAML file that is not Kubernetes, with its values (what `helm install -f` may name): not part of any unit. */
  valuesFiles: DeployedModel['valuesFiles'] = [],
): DeployedModel {
  return {
    units,
    resources: kubernetesFiles.flatMap((file) => file.resources),
    workloads: kubernetesFiles.flatMap((file) => file.workloads),
    services: kubernetesFiles.flatMap((file) => file.services),
    ingresses: kubernetesFiles.flatMap((file) => file.ingresses),
    configObjects: kubernetesFiles.flatMap((file) => file.configObjects),
    autoscalers: kubernetesFiles.flatMap((file) => file.autoscalers),
    customResources: kubernetesFiles.flatMap((file) => file.customResources),
    valuesFiles,
    networkPolicies: kubernetesFiles.flatMap((file) => file.networkPolicies),
    disruptionBudgets: kubernetesFiles.flatMap((file) => file.disruptionBudgets),
    monitors: kubernetesFiles.flatMap((file) => file.monitors),
    haproxy,
    synapse,
  };
}
