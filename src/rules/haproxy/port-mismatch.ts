import { defineRule } from '../define-rule.ts';
import { describePorts, resolvedServers } from './servers.ts';

/**
 * A server port the Service does not expose gets connection refused and failed health checks.
 * Through a headless Service HAProxy connects to pod IPs, so the pods' container ports count too.
 */
export default defineRule({
  id: 'haproxy/port-mismatch',
  severity: 'error',
  impact: 'high',
  description: 'A server or server-template port is not a port that the Service (or, if headless, its pods) exposes.',
  fix: 'Use the port the Service exposes, or a DNS SRV name so the port comes from the Service itself.',
  check(context) {
    const { lookup, report } = context;
    for (const { backend, server, service } of resolvedServers(context)) {
      if (!service || server.port === undefined || server.srv) continue;
      const servicePorts = service.ports.map((port) => port.port);
      const containerPorts = service.headless
        ? lookup.selectedWorkloads(service).flatMap((workload) => workload.containers.flatMap((container) => container.ports.map((port) => port.containerPort)))
        : [];
      if (servicePorts.includes(server.port) || containerPorts.includes(server.port)) continue;
      report({
        at: server.address.source,
        message: `Backend ${backend.name} ${server.kind} ${server.name.value} expects port ${server.port} on ${service.name}, which exposes ${describePorts(service)}`,
        related: [{ at: service.ports[0]?.source ?? service.source, message: `Service ${service.name} ports` }],
      });
    }
  },
});
