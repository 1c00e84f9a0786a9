import type { Service, ServicePort } from '../../model/types.ts';
import { defineRule } from '../define-rule.ts';
import { resolvedServers } from './servers.ts';

/**
 * A server-template fills its slots from DNS: only a headless Service answers one record per pod.
 * A Service with a cluster IP answers its one virtual IP, so every slot but one stays empty.
 */
export default defineRule({
  id: 'haproxy/template-clusterip',
  severity: 'warning',
  impact: 'medium',
  title: 'server-template resolves a Service that has a cluster IP',
  consequence:
    'All slots collapse to the one virtual IP: HAProxy health-checks and balances that address instead of the pods, so a dead pod keeps getting requests and per-pod balancing (leastconn, hashing) does nothing.',
  docs: [
    '`server-template w 16 _http._tcp.web.shop.svc.cluster.local` asks DNS for up to 16 addresses and makes one server of each. For a headless Service (`clusterIP: None`) DNS answers one record per ready pod; for a Service with a cluster IP (type ClusterIP, NodePort or LoadBalancer) it answers the Service\'s single virtual IP, whether the name is an SRV label or a plain host name. HAProxy then has one server, kube-proxy spreads connections behind it, and HAProxy\'s health checks, `balance` algorithm and stickiness see one address.',
    'What counts: a `server-template` with two or more slots whose address resolves to a Service of the manifests that has a selector and a cluster IP. The message names the Service and the edit: `clusterIP: None` in its spec (the field cannot change in place, so the Service is deleted and recreated; when other clients use its virtual IP, add a second, headless Service with the same selector and ports and point the template at it). When the port the template uses forwards to another targetPort, the fix says to make them equal: through a headless Service HAProxy dials the pods on the Service port.',
    'What does not: a `server` line (one server is one address either way); a template with one slot; a headless Service (the slot count is `haproxy/server-template-slots`); ExternalName Services and Services without a selector; addresses that name one pod (`web-0.web.shop.svc…`); names that are not cluster Services.',
  ].join('\n\n'),
  description: 'A server-template with several slots resolves a Service that is not headless, so DNS returns one address for all of them.',
  fix: 'Set `clusterIP: None` on the Service (recreate it), or add a headless Service with the same selector and ports and point the server-template at it.',
  check(context) {
    const { lookup, report } = context;
    for (const { backend, server, target, service } of resolvedServers(context)) {
      if (server.kind !== 'server-template' || !server.slots || server.slots.value < 2 || target.pod) continue;
      if (!service || service.headless || service.type === 'ExternalName' || !service.selector) continue;
      const port = usedPort(service, target.portName, server.port);
      const podPort = port ? lookup.targetPortNumber(service, port) : undefined;
      const remap = port && podPort !== undefined && podPort !== port.port ? port : undefined;
      const empty = server.slots.value - 1;
      report({
        at: server.address.source,
        message:
          `server-template ${server.name.value} in backend ${backend.name} has ${server.slots.value} slots, but Service ${service.namespace}/${service.name} has a cluster IP: DNS answers that one address, ${empty} ${empty === 1 ? 'slot stays' : 'slots stay'} empty and HAProxy checks and balances the virtual IP, not the pods. ` +
          `Set \`clusterIP: None\` in the spec of Service ${service.name} (recreate it; or add a headless copy of it and point the template there)` +
          (remap
            ? target.portName !== undefined
              ? `, and make port ${remap.port} equal to its targetPort ${podPort}: HAProxy will dial the pods on the port of the SRV record`
              : `, and write port ${podPort} in the server-template address: HAProxy will dial the pods directly`
            : ''),
        related: [
          { at: service.source, message: `Service ${service.name} (type ${service.type}, not headless)` },
          ...(remap ? [{ at: remap.targetPortSource, message: `port ${remap.port} forwards to pod port ${podPort}` }] : []),
        ],
      });
    }
  },
});

/** The Service port a server reaches: the SRV port name, else the port number it dials. */
function usedPort(service: Service, portName: string | undefined, port: number | undefined): ServicePort | undefined {
  if (portName !== undefined) return service.ports.find((entry) => entry.name === portName);
  if (port !== undefined) return service.ports.find((entry) => entry.port === port);
  return undefined;
}
