import type { ServicePort } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';
import { describePorts, resolvedServers } from './servers.ts';

/**
 * A server port the Service does not expose gets connection refused and failed health checks.
 * Through a ClusterIP Service only the Service ports are forwarded. Through a headless Service
 * HAProxy connects to the pod IPs, so what counts is what the pods listen on: their container
 * ports and the Service's target ports (a Service port counts only when no pod port is declared).
 */
export default defineRule({
  id: 'haproxy/port-mismatch',
  severity: 'error',
  impact: 'high',
  title: 'HAProxy servers use ports the Services do not expose',
  consequence:
    'Connections to the server are refused or time out and its health checks fail, so HAProxy marks it down; when every server of the backend is affected, the routes to it answer 503.',
  docs: [
    "A `server` or `server-template` line with a host name and a port (`synapse-main.matrix.svc.cluster.local:8008`) is compared with the Service the name resolves to. Through a ClusterIP Service only the Service's `ports[].port` values are forwarded (kube-proxy maps each to its `targetPort`); a targetPort number dialled on the Service IP reaches nothing. Through a headless Service (`clusterIP: None`) DNS returns the pod IPs, so HAProxy connects to the pods directly and what counts is what they listen on: their container ports and the Service's target ports (the Service port itself counts only when the pods declare no port).",
    "What counts: a port the ClusterIP Service does not list (the message says when it is the pods' targetPort instead), and a port the pods behind a headless Service do not listen on: neither a declared container port nor a listener of their Synapse configuration (the message says when it is the Service port instead).",
    'What does not: ExternalName Services (a DNS alias of an outside host, which listens on its own ports); DNS SRV addresses (`_http._tcp.<service>…`), which take the port from the Service itself; servers without a port; addresses that are not cluster Services (IP addresses, outside host names); Services that no manifest defines, which are `haproxy/unknown-service`.',
  ].join('\n\n'),
  description: 'A server or server-template port is not a port that the Service (or, if headless, its pods) exposes.',
  fix: 'Use the port the Service exposes (the pod port when the Service is headless), or a DNS SRV name so the port comes from the Service itself.',
  check(context) {
    const { lookup, report } = context;
    for (const { backend, server, service } of resolvedServers(context)) {
      // An ExternalName Service is a DNS alias: the port is the outside host's, not the Service's.
      if (!service || server.port === undefined || server.srv || service.type === 'ExternalName') continue;
      const workloads = lookup.selectedWorkloads(service);
      const podPorts = workloads.flatMap((workload) => workload.containers.flatMap((container) => container.ports));
      // containerPort is informational: a Synapse listener in the pods' own config is a port they listen on, declared or not.
      const listenerPorts = workloads.flatMap((workload) => lookup.synapseListenersFor(workload).map((listener) => listener.port.value));
      const targetOf = (port: ServicePort): number | undefined =>
        typeof port.targetPort === 'number' ? port.targetPort : podPorts.find((entry) => entry.name === port.targetPort)?.containerPort;
      const accepted = service.headless
        ? [
            ...podPorts.map((port) => port.containerPort),
            ...listenerPorts,
            ...service.ports.flatMap((port) => targetOf(port) ?? []),
            ...(podPorts.length === 0 ? service.ports.map((port) => port.port) : []),
          ]
        : service.ports.map((port) => port.port);
      if (accepted.includes(server.port)) continue;
      const clusterIpTarget = service.headless ? undefined : service.ports.find((port) => targetOf(port) === server.port);
      const headlessPort = service.headless ? service.ports.find((port) => port.port === server.port) : undefined;
      const hint = clusterIpTarget
        ? `; ${server.port} is the pods' targetPort, but a ClusterIP Service only forwards port ${clusterIpTarget.port}`
        : headlessPort
          ? `; the Service is headless, so HAProxy connects to the pods directly and they listen on ${targetOf(headlessPort) ?? headlessPort.targetPort}, not ${server.port}`
          : '';
      report({
        at: server.address.source,
        message: `Backend ${backend.name} ${server.kind} ${server.name.value} expects port ${server.port} on ${service.name}, which exposes ${describePorts(service)}${hint}`,
        related: [{ at: (clusterIpTarget ?? headlessPort ?? service.ports[0])?.source ?? service.source, message: `Service ${service.name} ports` }],
      });
    }
  },
});
