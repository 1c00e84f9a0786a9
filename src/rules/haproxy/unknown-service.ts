import { defineRule } from '../define-rule.ts';
import { clusterLooking, knownNamespaces, resolvedServers, sameNameElsewhere } from './servers.ts';

/**
 * Servers pointing at Services that do not exist never resolve: the backend has no servers.
 * IP addresses and outside host names (`matrix.org`, SRV names under another domain) are not checked.
 */
export default defineRule({
  id: 'haproxy/unknown-service',
  severity: 'error',
  impact: 'critical',
  description: 'A server or server-template address (host name or DNS SRV name) matches no Service in the manifests, or is a malformed SRV name.',
  fix: 'Point the address at an existing Service (`_<port-name>._tcp.<service>.<namespace>.svc.<cluster-domain>` for SRV), or deploy the workload and Service it expects, or remove the backend.',
  check(context) {
    const { model, lookup, report } = context;
    const namespaces = knownNamespaces(model, lookup.options.defaultNamespace);
    for (const config of model.haproxy) {
      for (const backend of config.backends) {
        for (const server of backend.servers) {
          if (!server.malformedSrv || !clusterLooking(server.host, lookup.options.clusterDomain, namespaces)) continue;
          report({
            at: server.address.source,
            message: `Malformed DNS SRV name '${server.address.value}' in backend ${backend.name}: ${server.malformedSrv}, expected _<port-name>._<proto>.<service>.<namespace>.svc.<domain>`,
          });
        }
      }
    }
    for (const { backend, server, target, service } of resolvedServers(context)) {
      if (service) continue;
      const elsewhere = sameNameElsewhere(lookup, target);
      report({
        at: server.address.source,
        message:
          elsewhere.length > 0
            ? `Backend ${backend.name} ${server.kind} ${server.name.value} points at Service ${target.namespace}/${target.service}, which is defined in namespace ${elsewhere.map((entry) => entry.namespace).join(', ')} instead`
            : `Backend ${backend.name} ${server.kind} ${server.name.value} points at Service ${target.namespace}/${target.service}, which no manifest defines`,
        related: elsewhere.map((entry) => ({ at: entry.source, message: `Service ${entry.namespace}/${entry.name}` })),
      });
    }
  },
});
