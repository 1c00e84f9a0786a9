import type { ModelLookup } from '../../model/lookup.ts';
import { bindPorts } from '../../model/lookup.ts';
import { routeRequest } from '../../model/routing.ts';
import type { Container, HaproxyBackend, HaproxyConfig, Service, ServicePort, Source, Workload } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';
import { resolvedServers, type ResolvedServer } from '../haproxy/servers.ts';

/** A way into the cluster: an Ingress path, or a port of a LoadBalancer or NodePort Service. */
interface Route {
  name: string;
  /** The request the route carries (its path, and host when the Ingress names one). */
  request: { path: string; host?: string };
  at: Source;
}

/** The first hop of a route where the port does not continue, found by this rule alone. */
interface Break {
  at: Source;
  message: string;
  related: { at: Source; message: string }[];
}

/**
 * A request crosses several port mappings: Ingress → Service port → targetPort → the process in the
 * pod (HAProxy's bind, Synapse's listener) → HAProxy backend server port → Service → pod. Each hop can
 * look right on its own while the chain does not connect.
 */
export default defineRule({
  id: 'k8s/port-chain',
  severity: 'error',
  impact: 'high',
  title: 'Routes whose port does not continue from hop to hop',
  consequence:
    'Requests on the route reach a port nothing listens on: the Ingress or HAProxy answers 502 or 503 although every object exists and each one looks right on its own.',
  docs: [
    'Each route is followed end to end: an Ingress path (or a LoadBalancer or NodePort Service port) → the Service port → its targetPort on the pods → the process that listens there: the `bind` ports of the HAProxy config the pods run (the workload that mounts it), or the `listeners` of the Synapse config they run → for HAProxy, the backend its routing picks for the route\'s path → each server\'s Service port → that Service\'s pods, where the same listener check applies. A declared `containerPort` is only a label: what counts is what the process binds.',
    'What counts: the first hop where the port does not continue, once per route; routes that break at the same hop are one finding, with every route related. The message names the port to write (the targetPort, or the bind or listener port).',
    'What does not: hops other rules already judge at their own line: an Ingress port the Service does not have (`k8s/ingress-backend`), a targetPort no container declares (`k8s/service-target-port`), a port another container of the pod declares (a sidecar such as an exporter, which docdrift does not read), a server port the Service does not expose (`haproxy/port-mismatch`); pods whose process docdrift does not know (no HAProxy or Synapse config), or whose HAProxy config binds a port read from the environment (`bind :"${HTTP_PORT}"`), which can listen anywhere; requests HAProxy routes nowhere.',
  ].join('\n\n'),
  description: 'A route from an Ingress or LoadBalancer through Services, HAProxy and pods reaches a port that the process in the pod does not listen on.',
  fix: 'Make the targetPort (or the HAProxy server port) the port the process listens on, or make the process bind the port the Service forwards to.',
  check(context) {
    const { model, lookup, report } = context;
    const downstream = new DownstreamBreaks(lookup, resolvedServers(context));
    // One finding per broken hop, with every route that crosses it.
    const breaks = new Map<string, { found: Break; routes: Route[] }>();
    const follow = (route: Route, service: Service, servicePort: ServicePort) => {
      const found = firstBreak(lookup, route, service, servicePort, downstream);
      if (!found) return;
      const hop = `${found.at.file}:${found.at.line}:${found.at.column}`;
      const entry = breaks.get(hop);
      if (entry) entry.routes.push(route);
      else breaks.set(hop, { found, routes: [route] });
    };
    for (const ingress of model.ingresses) {
      for (const backend of ingress.backends) {
        const service = lookup.serviceFor(ingress, ingress.namespace, backend.serviceName.value);
        const wanted = backend.servicePort.value;
        const servicePort = service?.ports.find((port) => (typeof wanted === 'number' ? port.port === wanted : port.name === wanted));
        if (!service || !servicePort) continue; // k8s/ingress-backend
        const path = backend.path ?? '/';
        follow({ name: `Ingress ${ingress.name} ${backend.host ?? '*'}${path}`, request: { path, ...(backend.host ? { host: backend.host } : {}) }, at: backend.source }, service, servicePort);
      }
    }
    for (const service of model.services) {
      if (service.type !== 'LoadBalancer' && service.type !== 'NodePort') continue;
      for (const servicePort of service.ports) follow({ name: `${service.type} Service ${service.name} port ${servicePort.port}`, request: { path: '/' }, at: servicePort.source }, service, servicePort);
    }
    for (const { found, routes } of breaks.values()) {
      report({
        at: found.at,
        message: `${routes.length === 1 ? `Route ${routes[0]!.name}` : `${routes.length} routes (${routes.map((route) => route.name).join(', ')})`}: ${found.message}`,
        related: [...routes.map((route) => ({ at: route.at, message: route.name })), ...found.related],
      });
    }
  },
});

/** The first hop of the route, after the Service port, where the port does not continue and no other rule says so. */
function firstBreak(lookup: ModelLookup, route: Route, service: Service, servicePort: ServicePort, downstream: DownstreamBreaks | undefined): Break | undefined {
  const podPort = lookup.targetPortNumber(service, servicePort);
  if (podPort === undefined) return undefined; // k8s/service-target-port
  for (const workload of lookup.selectedWorkloads(service)) {
    const listening = listeningPorts(lookup, workload);
    if (!listening) continue;
    const hop = `Service ${service.name} port ${servicePort.port} → pod port ${podPort}`;
    // Another container of the pod (a sidecar: an exporter, a static server) declares the port: it may listen there.
    const sidecar = workload.containers.some((container) => !listening.containers.has(container) && container.ports.some((entry) => entry.containerPort === podPort));
    if (!sidecar && !listening.ports.some((entry) => entry.port === podPort)) {
      return {
        at: servicePort.targetPortSource,
        message: `${hop}, but ${listening.process} in ${workload.kind} ${workload.name} listens on ${listening.ports.map((entry) => entry.port).join(', ') || 'no port'}: set targetPort ${listening.ports[0]?.port ?? '…'} on Service ${service.name} port ${servicePort.port}, or make it listen on ${podPort}`,
        related: listening.ports.slice(0, 3).map((entry) => ({ at: entry.at, message: `${listening.process} listens on ${entry.port}` })),
      };
    }
    if (!downstream) continue;
    // Through HAProxy: the backend its routing picks for the route, when some backend of the config breaks further on.
    for (const config of lookup.haproxyConfigsRunBy(workload)) {
      const broken = downstream.of(config);
      if (broken.size === 0) continue;
      for (const frontend of config.frontends.filter((entry) => entry.binds.some((bind) => bindPorts(bind.value).includes(podPort)))) {
        const decision = routeRequest(config, frontend, route.request);
        const found = decision.certain && decision.backend !== undefined ? broken.get(decision.backend) : undefined;
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** For each HAProxy config, its backends whose servers reach a port the process behind them does not listen on (whatever the route). */
class DownstreamBreaks {
  private readonly byConfig = new Map<HaproxyConfig, Map<string, Break>>();
  private readonly servers = new Map<HaproxyBackend, ResolvedServer[]>();

  constructor(
    private readonly lookup: ModelLookup,
    resolved: ResolvedServer[],
  ) {
    for (const entry of resolved) this.servers.set(entry.backend, [...(this.servers.get(entry.backend) ?? []), entry]);
  }

  of(config: HaproxyConfig): Map<string, Break> {
    let broken = this.byConfig.get(config);
    if (broken) return broken;
    broken = new Map();
    for (const backend of config.backends) {
      for (const { server, target, service } of this.servers.get(backend) ?? []) {
        if (!service || target.pod) continue;
        const port = nextPort(service, server.port, target.portName);
        if (!port) continue; // haproxy/port-mismatch or srv-port-name
        const found =
          service.headless && server.port !== undefined
            ? headlessBreak(this.lookup, service, server.port, server.address.source, `backend ${backend.name} server ${server.name.value}`)
            : firstBreak(this.lookup, { name: '', request: { path: '/' }, at: server.address.source }, service, port, undefined);
        if (found) {
          broken.set(backend.name, found);
          break;
        }
      }
    }
    this.byConfig.set(config, broken);
    return broken;
  }
}

/** The Service port a server reaches: its SRV port name, or the port it dials. */
function nextPort(service: Service, port: number | undefined, portName: string | undefined): ServicePort | undefined {
  if (portName !== undefined) return service.ports.find((entry) => entry.name === portName);
  if (port !== undefined) return service.ports.find((entry) => entry.port === port);
  return service.ports.length === 1 ? service.ports[0] : undefined;
}

/** Through a headless Service HAProxy dials the pods on the server's own port. */
function headlessBreak(lookup: ModelLookup, service: Service, port: number, at: Source, who: string): Break | undefined {
  for (const workload of lookup.selectedWorkloads(service)) {
    const listening = listeningPorts(lookup, workload);
    if (!listening || listening.ports.some((entry) => entry.port === port)) continue;
    if (workload.containers.some((container) => !listening.containers.has(container) && container.ports.some((entry) => entry.containerPort === port))) continue;
    // A port no container declares is haproxy/port-mismatch's.
    const declared = workload.containers.flatMap((container) => container.ports.map((entry) => entry.containerPort));
    if (declared.length > 0 && !declared.includes(port)) continue;
    return {
      at,
      message: `${who} dials port ${port} on the pods of headless Service ${service.name}, but ${listening.process} in ${workload.kind} ${workload.name} listens on ${listening.ports.map((entry) => entry.port).join(', ') || 'no port'}: write port ${listening.ports[0]?.port ?? '…'} in the server address`,
      related: listening.ports.slice(0, 3).map((entry) => ({ at: entry.at, message: `${listening.process} listens on ${entry.port}` })),
    };
  }
  return undefined;
}

/** The process docdrift knows in a workload's pods, the ports it listens on, and the containers that run it. */
type Listening = { process: string; ports: { port: number; at: Source }[]; containers: ReadonlySet<Container> } | undefined;
const listeningOf = new WeakMap<ModelLookup, Map<Workload, Listening>>();

/** The ports the process in a workload's pods listens on, when docdrift knows the process; once per workload and run. */
function listeningPorts(lookup: ModelLookup, workload: Workload): Listening {
  let byWorkload = listeningOf.get(lookup);
  if (!byWorkload) listeningOf.set(lookup, (byWorkload = new Map()));
  if (!byWorkload.has(workload)) byWorkload.set(workload, findListening(lookup, workload));
  return byWorkload.get(workload);
}

function findListening(lookup: ModelLookup, workload: Workload): Listening {
  const configs: HaproxyConfig[] = lookup.haproxyConfigsRunBy(workload);
  if (configs.length > 0) {
    // A port read from the environment (`bind :"${HTTP_PORT}"`) is not known: the process may listen anywhere.
    if (configs.some((config) => config.frontends.some((frontend) => frontend.binds.some((bind) => bind.value.includes('$'))))) return undefined;
    return {
      process: 'HAProxy',
      containers: new Set(configs.flatMap((config) => lookup.haproxyMounts(config).filter((mount) => mount.workload === workload).map((mount) => mount.container))),
      ports: configs.flatMap((config) => config.frontends.flatMap((frontend) => frontend.binds.flatMap((bind) => bindPorts(bind.value).map((port) => ({ port, at: bind.source }))))),
    };
  }
  const listeners = lookup.synapseListenersFor(workload);
  if (listeners.length > 0) {
    const ports = listeners.map((listener) => ({ port: listener.port.value, at: listener.port.source }));
    // Synapse runs in the containers that declare one of its listener ports (all of them when none does).
    const declaring = workload.containers.filter((container) => container.ports.some((entry) => ports.some((port) => port.port === entry.containerPort)));
    return { process: 'Synapse', ports, containers: new Set(declaring.length > 0 ? declaring : workload.containers) };
  }
  return undefined;
}
