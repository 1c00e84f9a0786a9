import type { KubernetesFile } from '../parse/kubernetes.ts';
import type { DeployedModel, HaproxyConfig, SynapseConfig } from './types.ts';

/** Joins the per-file parse results (already in path order) into one model. */
export function buildDeployedModel(
  kubernetesFiles: KubernetesFile[],
  haproxy: HaproxyConfig[],
  synapse: SynapseConfig[],
): DeployedModel {
  return {
    resources: kubernetesFiles.flatMap((file) => file.resources),
    workloads: kubernetesFiles.flatMap((file) => file.workloads),
    services: kubernetesFiles.flatMap((file) => file.services),
    ingresses: kubernetesFiles.flatMap((file) => file.ingresses),
    configObjects: kubernetesFiles.flatMap((file) => file.configObjects),
    autoscalers: kubernetesFiles.flatMap((file) => file.autoscalers),
    networkPolicies: kubernetesFiles.flatMap((file) => file.networkPolicies),
    disruptionBudgets: kubernetesFiles.flatMap((file) => file.disruptionBudgets),
    monitors: kubernetesFiles.flatMap((file) => file.monitors),
    haproxy,
    synapse,
  };
}
