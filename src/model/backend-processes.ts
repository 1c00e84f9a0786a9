import type { ModelLookup } from './lookup.ts';
import type { HaproxyBackend, HaproxyServer, Service, SynapseListener, Workload } from './types.ts';

/** A workload that receives a backend's traffic, and the container port the traffic reaches. */
export interface BackendProcess {
  server: HaproxyServer;
  service: Service;
  workload: Workload;
  containerPort: number | undefined;
  /** The Synapse listeners of that workload on that port (empty when its config is not in the manifests). */
  listeners: SynapseListener[];
}

/** The processes behind a backend's regular (non-backup) servers. */
export function backendProcesses(lookup: ModelLookup, backend: HaproxyBackend): BackendProcess[] {
  const processes: BackendProcess[] = [];
  for (const server of backend.servers) {
    if (server.backup) continue;
    const target = lookup.addressTarget(server);
    const service = target ? lookup.service(target.namespace, target.service) : undefined;
    if (!target || !service) continue;
    for (const workload of lookup.selectedWorkloads(service)) {
      const containerPort = containerPortFor(service, workload, server, target.portName);
      const listeners = lookup
        .synapseConfigsFor(workload)
        .flatMap((config) => config.listeners)
        .filter((listener) => listener.port.value === containerPort);
      processes.push({ server, service, workload, containerPort, listeners });
    }
  }
  return processes;
}

/** The pod port a server reaches: via the SRV port name, or the written port through the Service. */
function containerPortFor(service: Service, workload: Workload, server: HaproxyServer, portName: string | undefined): number | undefined {
  const servicePort = portName
    ? service.ports.find((port) => port.name === portName)
    : service.ports.find((port) => port.port === server.port);
  // Through a headless Service HAProxy dials pod IPs directly on the written port.
  const target = servicePort ? servicePort.targetPort : service.headless ? server.port : undefined;
  if (typeof target === 'number' || target === undefined) return target;
  return workload.containers.flatMap((container) => container.ports).find((port) => port.name === target)?.containerPort;
}
