import { defineRule } from '../define-rule.ts';
import { describePorts, resolvedServers } from './servers.ts';

/** Kubernetes publishes SRV records only for named ports, under `_<port-name>._<protocol>`. */
export default defineRule({
  id: 'haproxy/srv-port-name',
  severity: 'error',
  impact: 'high',
  title: 'DNS SRV names ask for ports the Services do not name',
  consequence:
    "The SRV lookup returns no record, so the server-template's slots stay empty and the backend has no servers: its routes answer 503 although the Service and its pods are healthy.",
  docs: [
    "Kubernetes publishes an SRV record `_<port-name>._<protocol>.<service>.<namespace>.svc.<cluster-domain>` for each named port of a Service, with the protocol in lower case (`_tcp`, `_udp`, `_sctp`). An unnamed port has no SRV record, and renaming a port removes the old record. HAProxy's resolvers ask for exactly the name in the address.",
    'What counts: an SRV address whose port name matches no `ports[].name` of the Service, or whose protocol is not the protocol of that port (TCP when the manifest omits it).',
    'What does not: differences of case (`_HTTP._TCP` finds the port named `http`: DNS is case-insensitive); SRV names outside the cluster domain (`_matrix._tcp.example.com`); Services that no manifest defines, which are `haproxy/unknown-service`.',
  ].join('\n\n'),
  description: 'A DNS SRV name uses a port name or protocol that the Service does not have, so the lookup returns nothing.',
  fix: 'Use `_<name>._tcp` with a ports[].name of the Service, or name the Service port accordingly.',
  check(context) {
    for (const { backend, server, target, service } of resolvedServers(context)) {
      const srv = server.srv;
      if (!service || !srv) continue;
      // DNS names are case-insensitive; Kubernetes port names are lowercase.
      const port = service.ports.find((entry) => entry.name !== undefined && entry.name.toLowerCase() === target.portName?.toLowerCase());
      const protocolMatches = port !== undefined && port.protocol.toLowerCase() === srv.protocol.toLowerCase();
      if (port && protocolMatches) continue;
      const named = service.ports.filter((entry) => entry.name).map((entry) => `_${entry.name}._${entry.protocol.toLowerCase()}`);
      context.report({
        at: server.address.source,
        message: port
          ? `SRV name in backend ${backend.name} asks for protocol _${srv.protocol}, but port ${port.name} of Service ${service.name} is ${port.protocol}`
          : `SRV name in backend ${backend.name} asks for port name '${srv.portName}', which Service ${service.name} does not have (ports: ${describePorts(service)}; SRV labels: ${named.join(', ') || 'none, no port is named'})`,
        related: [{ at: port?.source ?? service.ports[0]?.source ?? service.source, message: `Service ${service.name} ports` }],
      });
    }
  },
});
