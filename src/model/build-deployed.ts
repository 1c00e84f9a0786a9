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
    customResources: kubernetesFiles.flatMap((file) => file.customResources),
    valuesFiles: kubernetesFiles.flatMap((file) => (file.values ? [{ file: file.file, values: file.values }] : [])),
    haproxy,
    synapse,
  };
}
