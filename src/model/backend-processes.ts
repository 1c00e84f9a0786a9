import type { ModelLookup } from './lookup.ts';
import type { HaproxyBackend, HaproxyServer, Service, SynapseListener, Workload } from './types.ts';

/** A workload that receives a backend's traffic, and the container port the traffic reaches. */
export interface BackendProcess {
  server: HaproxyServer;
  service: Service;
  workload: Workload;
  /** The one StatefulSet pod the server address names (`pod.svc.ns.svc…`), when it names one. */
  pod: string | undefined;
  containerPort: number | undefined;
  /** The Synapse listeners of that workload on that port (empty when its config is not in the manifests). */
  listeners: SynapseListener[];
}

/** The processes behind a backend's regular (non-backup) servers (shared: read-only). */
export function backendProcesses(lookup: ModelLookup, backend: HaproxyBackend): readonly BackendProcess[] {
  // The model does not change during a run: each backend is followed once per lookup, however many rules and claims ask.
  let known = processesOf.get(lookup);
  if (!known) processesOf.set(lookup, (known = new WeakMap()));
  let processes = known.get(backend);
  if (!processes) known.set(backend, (processes = findBackendProcesses(lookup, backend)));
  return processes;
}

const processesOf = new WeakMap<ModelLookup, WeakMap<HaproxyBackend, BackendProcess[]>>();

function findBackendProcesses(lookup: ModelLookup, backend: HaproxyBackend): BackendProcess[] {
  const processes: BackendProcess[] = [];
  for (const server of backend.servers) {
    if (server.backup) continue;
    const target = lookup.addressTarget(server, backend);
    const service = lookup.serverService(backend, server);
    if (!target || !service) continue;
    const pod = target.pod;
    // A server that names one pod reaches that pod only, not every workload behind the Service.
    const workloads = lookup
      .selectedWorkloads(service)
      .filter((workload) => pod === undefined || (workload.kind === 'StatefulSet' && pod.startsWith(`${workload.name}-`)));
    for (const workload of workloads) {
      const containerPort = containerPortFor(service, workload, server, target.portName);
      const listeners = lookup.synapseListenersFor(workload).filter((listener) => listener.port.value === containerPort);
      processes.push({ server, service, workload, pod, containerPort, listeners });
    }
  }
  return processes;
}

/** The pod port a server reaches: via the SRV port name, or the written port through the Service. */
function containerPortFor(service: Service, workload: Workload, server: HaproxyServer, portName: string | undefined): number | undefined {
  // SRV records carry the endpoint (target) port; through a headless Service (its name or a pod's)
  // HAProxy dials pod IPs directly on the written port; a ClusterIP Service forwards port to targetPort.
  const target = portName
    ? service.ports.find((port) => port.name === portName)?.targetPort
    : service.headless
      ? server.port
      : service.ports.find((port) => port.port === server.port)?.targetPort;
  if (typeof target === 'number' || target === undefined) return target;
  return workload.containers.flatMap((container) => container.ports).find((port) => port.name === target)?.containerPort;
}
