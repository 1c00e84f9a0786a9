import type { AddressTarget, ModelLookup } from '../../model/lookup.ts';
import type { HaproxyBackend, HaproxyServer, Service } from '../../model/types.ts';
import type { RuleContext } from '../define-rule.ts';

export interface ResolvedServer {
  backend: HaproxyBackend;
  server: HaproxyServer;
  target: AddressTarget;
  /** The Service the address names, when one exists. */
  service: Service | undefined;
}

/** Every server and server-template whose address names a cluster Service, with that Service resolved. */
export function resolvedServers({ model, lookup }: Pick<RuleContext, 'model' | 'lookup'>): ResolvedServer[] {
  const resolved: ResolvedServer[] = [];
  for (const config of model.haproxy) {
    for (const backend of config.backends) {
      for (const server of backend.servers) {
        const target = lookup.addressTarget(server);
        if (target) resolved.push({ backend, server, target, service: lookup.service(target.namespace, target.service) });
      }
    }
  }
  return resolved;
}

export function describePorts(service: Service): string {
  return service.ports.map((port) => (port.name ? `${port.port} (${port.name})` : `${port.port}`)).join(', ') || 'none';
}

/** Services of that name in other namespaces: the usual cause of an unknown service. */
export function sameNameElsewhere(lookup: ModelLookup, target: AddressTarget): Service[] {
  return lookup.model.services.filter((service) => service.name === target.service && service.namespace !== target.namespace);
}
