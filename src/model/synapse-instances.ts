import type { ModelLookup } from './lookup.ts';
import type { SynapseConfig, Workload } from './types.ts';

/** What a Synapse instance name (worker_name, instance_map key, stream writer) refers to in Kubernetes. */
export type InstanceResolution =
  | { kind: 'main'; workload: Workload | undefined }
  | { kind: 'pod'; workload: Workload; ordinal: number; exists: boolean }
  | { kind: 'named'; workload: Workload }
  | { kind: 'unknown' };

/** Synapse's internal name of the main process; instance_map also accepts 'main'. */
export const MAIN_NAMES = new Set(['main', 'master']);

/**
 * Resolves an instance name: `main`/`master`, `<statefulset>-<ordinal>` (worker_name taken from the
 * pod name), or a fixed worker_name written in some worker config.
 */
export function resolveInstance(lookup: ModelLookup, namespace: string, name: string): InstanceResolution {
  if (MAIN_NAMES.has(name)) return { kind: 'main', workload: mainWorkload(lookup, namespace) };
  const fixed = lookup.synapseConfigNamed(name);
  if (fixed) {
    const workload = lookup.workloadRunning(fixed);
    if (workload) return { kind: 'named', workload };
  }
  const match = /^(.+)-(\d+)$/.exec(name);
  if (match) {
    const workload = lookup.workload(namespace, match[1]!);
    if (workload?.kind === 'StatefulSet') {
      const ordinal = Number(match[2]);
      return { kind: 'pod', workload, ordinal, exists: ordinal < (lookup.replicas(workload) ?? 1) };
    }
  }
  return { kind: 'unknown' };
}

export function mainWorkload(lookup: ModelLookup, namespace: string): Workload | undefined {
  return lookup.workloadsOfKindIn(namespace, 'main')[0];
}

/** The configs that carry the shared settings (instance_map, stream_writers …) — normally homeserver.yaml. */
export function sharedConfigs(model: { synapse: SynapseConfig[] }): SynapseConfig[] {
  return model.synapse.filter(
    (config) => config.instanceMap.length > 0 || config.streamWriters.length > 0 || config.federationSenderInstances.length > 0,
  );
}

/** Pod names of a StatefulSet as Kubernetes names them. */
export function podNames(lookup: ModelLookup, workload: Workload): string[] {
  return Array.from({ length: lookup.replicas(workload) ?? 0 }, (_, ordinal) => `${workload.name}-${ordinal}`);
}

export function namespaceOf(config: SynapseConfig): string {
  return config.origin.namespace;
}
