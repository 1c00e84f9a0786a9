import type { AddressTarget, ModelLookup } from '../../model/lookup.ts';
import type { DeployedModel, HaproxyBackend, HaproxyConfig, HaproxyServer, Service } from '../../model/types.ts';
import type { RuleContext } from '../define-rule.ts';

export interface ResolvedServer {
  config: HaproxyConfig;
  backend: HaproxyBackend;
  server: HaproxyServer;
  target: AddressTarget;
  /** The Service the address names, when one exists. */
  service: Service | undefined;
}

/** Namespaces the manifests use or define: `name.ns` only names a Service when `ns` is one of them. */
export function knownNamespaces(model: DeployedModel, defaultNamespace: string): Set<string> {
  const namespaces = new Set([defaultNamespace]);
  for (const resource of model.resources) {
    namespaces.add(resource.namespace);
    if (resource.kind === 'Namespace') namespaces.add(resource.name);
  }
  return namespaces;
}

/**
 * Whether an address is meant for the cluster's DNS. Names without `svc` can be outside names
 * (`matrix.org`, `_matrix._tcp.example.com`): they count only when their second label is a known
 * namespace. SRV names under another domain than the cluster's are outside names too.
 */
function inCluster(server: HaproxyServer, target: AddressTarget, namespaces: Set<string>, clusterDomain: string): boolean {
  const srv = server.srv;
  if (srv) {
    // `domain` starts at the svc label: `svc.cluster.local`, or `svc` alone for a search-path name.
    if (srv.domain !== undefined) return ['svc', `svc.${clusterDomain}`].includes(srv.domain.toLowerCase().replace(/\.$/, ''));
    return srv.namespace === undefined || namespaces.has(target.namespace);
  }
  const labels = server.host.toLowerCase().replace(/\.$/, '').split('.');
  return labels.length !== 2 || namespaces.has(target.namespace);
}

/**
 * Every server and server-template whose address names a cluster Service, with that Service resolved.
 * Empty when the run has no Kubernetes manifests: there is nothing to resolve names against.
 */
export function resolvedServers({ model, lookup }: Pick<RuleContext, 'model' | 'lookup'>): ResolvedServer[] {
  const resolved: ResolvedServer[] = [];
  if (model.resources.length === 0) return resolved;
  const namespaces = knownNamespaces(model, lookup.options.defaultNamespace);
  for (const config of model.haproxy) {
    for (const backend of config.backends) {
      for (const server of backend.servers) {
        const target = lookup.addressTarget(server, backend);
        if (!target || !inCluster(server, target, namespaces, lookup.options.clusterDomain)) continue;
        resolved.push({ config, backend, server, target, service: lookup.serverService(backend, server) });
      }
    }
  }
  return resolved;
}

/**
 * Whether a malformed SRV-looking name was meant for the cluster: it has a `svc` label, ends in the
 * cluster domain, is a one- or two-label search-path name, or names a known namespace.
 * `_sip._udp.sip.example.com` is none of these.
 */
export function clusterLooking(host: string, clusterDomain: string, namespaces: Set<string>): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  return (
    labels.includes('svc') ||
    name.endsWith(`.${clusterDomain.toLowerCase()}`) ||
    labels.length <= 2 ||
    labels.slice(1).some((label) => namespaces.has(label))
  );
}

export function describePorts(service: Service): string {
  return service.ports.map((port) => (port.name ? `${port.port} (${port.name})` : `${port.port}`)).join(', ') || 'none';
}

/** Services of that name in other namespaces: the usual cause of an unknown service. */
export function sameNameElsewhere(lookup: ModelLookup, target: AddressTarget): Service[] {
  return lookup.servicesNamed(target.service).filter((service) => service.namespace !== target.namespace);
}

/**
 * Whether HAProxy starts while the server's name does not resolve: `init-addr` with `none` on the
 * server, or on a `default-server` line of its backend or of a defaults section (any one counts, so
 * a doubt leans to starting). Otherwise an unresolvable name stops HAProxy at start-up.
 */
export function startsUnresolved(config: HaproxyConfig, backend: HaproxyBackend, server: HaproxyServer): boolean {
  const allowsNone = (options: { value: string }[]): boolean =>
    options.some((option, index) => options[index - 1]?.value === 'init-addr' && option.value.split(',').includes('none'));
  if (allowsNone(server.options)) return true;
  return config.sections.some(
    (section) =>
      (section.type === 'defaults' || section.name === backend.name) &&
      section.lines.some((line) => line.keyword === 'default-server' && allowsNone(line.args)),
  );
}
