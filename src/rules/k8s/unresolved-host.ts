import { addToGroup } from '../../model/group.ts';
import { nearestName } from '../../model/near-name.ts';
import type { ModelLookup } from '../../model/lookup.ts';
import type { DeployedModel, EmbeddedText, KubeRef, Service, Severity, Source } from '../../model/types.ts';
import { createdByText, creatorPlaces, type UnverifiedCreator } from '../../runtime/types.ts';
import { defineRule } from '../define-rule.ts';
import { knownNamespaces } from '../haproxy/servers.ts';
import { lineSource } from './embedded-config-drift.ts';

/** A host name written in a live config, with the port written beside it. */
interface NamedHost {
  host: string;
  port: number | undefined;
  at: Source;
  /** What holds it: `ConfigMap synapse-config key homeserver.yaml`, `Deployment web env DB_HOST` … */
  holder: string;
  /** The object that holds it: names resolve among the objects deployed with it. */
  owner: KubeRef;
  /**
   * An env variable, or a one-value ConfigMap or Secret key (what envFrom and secretKeyRef hand over), is
   * read only if the program asks for it (optional features keep theirs set): say less. Undefined in a config file or command line.
   */
  readIfAsked: 'variable' | 'key' | undefined;
}

/** `scheme://[user@]host[:port]` */
const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s"'`]*@)?([a-z0-9][-a-z0-9.]*)(?::(\d+))?/gi;
/** `name.ns.svc[.domain][:port]` anywhere. */
const SVC_HOST = /(?<![-a-z0-9.@/])([a-z0-9][-a-z0-9]*(?:\.[a-z0-9][-a-z0-9]*)*\.svc(?:\.[a-z0-9-]+)*)(?::(\d+))?/gi;
/** `host: name`, `db_host = name`, `host=name` (libpq): a key that says it holds a host. */
const HOST_KEY = /(?:^|[\s,{])["']?(?:[a-z_]*_)?(?:host|hostname)["']?\s*[:=]\s*["']?([a-z0-9][-a-z0-9.]*)["']?(?=[\s,}]|$)/gi;
/** Env variables whose value is a host name. */
const HOST_ENV = /(?:^|_)(?:HOST|HOSTNAME|SERVER|ADDR|ADDRESS)$/i;
/** Names every cluster answers without a manifest. */
const BUILT_IN = new Set(['kubernetes.default', 'kube-dns.kube-system']);
/** haproxy.cfg copies are checked by haproxy/unknown-service at the file itself. */
const HAPROXY_KEY = /^haproxy.*\.cfg$|\.haproxy\.cfg$/;

/**
 * Host names inside what actually runs (ConfigMap and Secret data, env values, command lines) must
 * name a Service of the namespace, on a port it exposes: a wrong database host stops the deployment.
 */
export default defineRule({
  id: 'k8s/unresolved-host',
  severity: 'error',
  impact: 'critical',
  title: 'Configs name hosts that no Service provides',
  consequence:
    'The process cannot resolve or reach the host: a database or Redis client fails at start-up and the pods crash-loop, or requests to the name fail at run time.',
  docs: [
    "Live configuration carries host names: ConfigMap and Secret data (`homeserver.yaml` database and Redis hosts, `.env` files), env values and command-line arguments. Cluster names among them are resolved like the pod's DNS would: `name` and `name.namespace` (when the namespace is one the manifests use), `name.namespace.svc[.cluster.local]`, `pod.name.namespace.svc…`, in URLs (`postgres://app@ledger-rw:5432/app`), after keys that say they hold a host (`host:`, `db_host =`, libpq `host=`) and in env variables named `*_HOST`, `*_SERVER`, `*_ADDR`. Each must name a Service in that namespace, and a port written beside it must be one the Service exposes (its pods' ports when it is headless). A pod name of a StatefulSet past its last ordinal (`db-2` when it runs 2 replicas) is a warning (the replicas may be scaled outside the manifests). Services that operators and Helm releases create count, with the ports their tables give: a CloudNativePG Cluster's `NAME-rw`, a Pooler's `NAME`, a Bitnami redis release's `RELEASE-redis-master` when the README installs it.",
    'The message names the nearest Service when one looks meant (`ledger-pool` for `ledger-pool-rw`, also among the Services operators create) and the edit. It is an error when docdrift sees everything that runs in the namespace and the name is in a config file or on the command line; a warning for env variables and one-value ConfigMap or Secret keys, which envFrom and `secretKeyRef` hand over as variables (a program reads only the variables it asks for, and optional features keep theirs set), and when a custom resource or Helm release there that docdrift has no table for, or a template it could not render, may provide the name. Kinds whose tables create no Service (an ExternalSecret, a SealedSecret, a Certificate) leave no doubt. A kustomize base is judged in each overlay that renders it: a `namePrefix` or `nameSuffix` renames its Services but not the names written in its configs, so one finding says which overlays the name fails in, and the fix is made in each overlay, never in the base.',
    'What does not: outside names (`matrix.org`, three or more labels without `svc`), IP addresses and `localhost`; names in a namespace where the manifests run nothing (no Service, workload or custom resource: only the Grafana dashboards of a monitoring stack installed elsewhere); names a workload\'s `hostAliases` put in its pods\' /etc/hosts (in its env, command line and the ConfigMaps and Secrets it reads); names in namespaces no manifest uses; `kubernetes.default` and `kube-dns.kube-system`; values with `$` templates; Synapse `instance_map` hosts (`synapse/instance-map`) and HAProxy server addresses, including haproxy.cfg copies in ConfigMaps (`haproxy/unknown-service`).',
  ].join('\n\n'),
  description: 'A host name in ConfigMap or Secret data, an env value or a command argument names no Service of the namespace, or a port the Service does not expose.',
  fix: 'Write the name of the Service that serves it (and a port it exposes), or add the Service.',
  check({ model, lookup, inputs, report }) {
    const templated = inputs.kubernetesFiles.some((file) => file.format === 'templated');
    const namespaces = knownNamespaces(model, lookup.options.defaultNamespace);
    // instance_map hosts are synapse/instance-map's.
    const instanceMapLines = new Set(model.synapse.flatMap((config) => config.instanceMap.flatMap((entry) => (entry.host ? [`${entry.host.source.file}:${entry.host.source.line}`] : []))));
    const seen = new Set<string>();
    // One missing Service is one cause, however many places name it.
    const missing = new Map<string, Unresolved[]>();
    const aliases = hostAliases(model);
    // A namespace where the manifests only leave ConfigMaps (Grafana dashboards in monitoring) runs what is installed elsewhere: nothing to judge against.
    const running = new Set([...model.services, ...model.workloads, ...model.customResources].map((object) => object.namespace));
    const runs = (namespace: string) => {
      if (!running.has(namespace) && (lookup.runtimeObjectsIn(namespace, 'Service').some((object) => object.createdBy.source !== undefined) || lookup.unverifiedCreatorsIn(namespace).length > 0)) running.add(namespace);
      return running.has(namespace);
    };
    for (const named of namedHosts(model)) {
      // A kustomize base is judged in the overlays that render it: a namePrefix renames its Services, not the names in its configs.
      if (lookup.inBase(named.owner) || aliases.get(aliasKey(named.owner))?.has(named.host)) continue;
      const place = `${named.at.file}:${named.at.line}`;
      if (instanceMapLines.has(place)) continue;
      const target = resolve(lookup, named, namespaces);
      // The same line rendered into another namespace (two overlays of one base) resolves there on its own.
      if (!target || seen.has(`${place} ${named.host} ${target.namespace}`) || !runs(target.namespace)) continue;
      seen.add(`${place} ${named.host} ${target.namespace}`);
      const service = lookup.providedService(target.namespace, target.service, named.owner);
      // Operators and releases with a table say what they create; only the others (and unrendered templates) leave doubt.
      const creator = lookup.unverifiedCreator(target.namespace, target.service) ?? lookup.unverifiedCreatorsIn(target.namespace)[0];
      const unseen = templated || creator !== undefined;
      const severity: Severity | undefined = unseen || named.readIfAsked ? 'warning' : undefined;
      const hedge = unseen
        ? ` (not certain: ${creator ? `${creator.createdBy.description} may create it` : 'a template docdrift could not render may create it'})`
        : named.readIfAsked ? ` (a warning: the program may not read this ${named.readIfAsked})` : '';
      const created = service ? undefined : lookup.runtimeService(target.namespace, target.service);
      if (!service && !created) {
        addToGroup(missing, `${target.namespace}/${target.service}`, { named, target, severity, hedge, creator });
        continue;
      }
      const missingPod = service && target.pod !== undefined ? podBeyondReplicas(model, service, target.pod) : undefined;
      if (missingPod) {
        report({
          at: named.at,
          severity: 'warning',
          message: `${named.holder} names pod ${target.pod} of Service ${service!.name}, but ${missingPod.text}: it does not resolve (a warning: the replicas may be scaled outside the manifests)`,
          related: [{ at: missingPod.at, message: `StatefulSet ${missingPod.name} replicas` }],
        });
        continue;
      }
      if (named.port === undefined) continue;
      const ports = service ? exposedPorts(lookup, service) : created!.ports.map((port) => port.port);
      // A table that does not list the ports of a Service leaves them unchecked.
      if (ports.length === 0 && created || ports.includes(named.port)) continue;
      const name = service?.name ?? created!.name;
      const headless = service?.headless ? ' (headless: its pods\' ports)' : '';
      report({
        at: named.at,
        severity,
        message: `${named.holder} names ${named.host}:${named.port}, but Service ${name} ${created ? `(${createdByText(created.createdBy)}) ` : ''}exposes ${ports.join(', ') || 'no port'}${headless}: write one of them${hedge}`,
        related: service ? [{ at: service.ports[0]?.source ?? service.source, message: `Service ${service.name} ports` }] : creatorPlaces(created!.createdBy, `creates Service ${name}`),
      });
    }
    // One line rendered by several overlays is one cause, whatever namespaces it lands in (a render may place
    // each copy at another line of the file, so copies are matched by file, host and unit).
    const byPlace = new Map<string, Judged[]>();
    const copies = new Map<string, number>();
    for (const places of missing.values()) {
      // Anchored where docdrift is surest: a config file before a variable the program may not read.
      const first = places.find((place) => place.severity === undefined) ?? places[0]!;
      const { named, target } = first;
      const near = nearestName([...lookup.servicesIn(target.namespace, named.owner).map((service) => ({ name: service.name, source: service.source, description: `Service ${service.name}` })), ...createdServices(lookup, target.namespace)], target.service);
      const copy = `${named.at.file} ${named.host} ${named.owner.unit}`;
      copies.set(copy, (copies.get(copy) ?? -1) + 1);
      addToGroup(byPlace, `${named.at.file} ${named.host} ${copies.get(copy)}`, { first, others: places.filter((place) => place !== first), near, renamed: near !== undefined && renamedByOverlay(model, named.owner, target.service, near.name) });
    }
    for (const judged of byPlace.values()) {
      const { first: { named, target, severity, hedge, creator }, near } = judged[0]!;
      const others = [...new Map(judged.flatMap((entry) => entry.others).map((other) => [`${other.named.at.file}:${other.named.at.line}`, other])).values()];
      const namespaces = judged.map((entry) => entry.first.target.namespace);
      const renamed = judged.filter((entry) => entry.renamed);
      // A base's name that its overlays rename: the base is right for none of them, and an edit there breaks the others.
      const edit =
        renamed.length > 0
          ? `; kustomize renames Service ${target.service} (${renamed.map((entry) => `${entry.near!.name} in ${entry.first.target.namespace}`).join(', ')}) but not the names inside config data, env values and command lines: have each overlay write its own name (a patch, a configMapGenerator with \`behavior: merge\`, or \`replacements\`)`
          : near ? `; Service ${near.name} is the nearest name: write ${named.host.replace(target.service, near.name)}` : '';
      report({
        at: named.at,
        severity,
        message:
          `${named.holder} names host ${named.host}, but no Service ${target.service} exists in namespace ${namespaces.join(' or ')}: it does not resolve` +
          edit +
          (others.length > 0 ? `; ${others.length + 1} places name it` : '') +
          hedge,
        related: [
          ...new Map(judged.flatMap(({ near: entry }) => (entry?.source ? [[`${entry.source.file}:${entry.source.line}`, { at: entry.source, message: entry.description }] as const] : []))).values(),
          ...creatorPlaces(creator?.createdBy, `${creator?.createdBy.description} may create it`),
          ...others.map((other) => ({ at: other.named.at, message: `${other.named.holder} names ${other.named.host}` })),
        ],
      });
    }
  },
});

/** The places that name one missing Service, and the Service they likely meant. */
interface Judged {
  first: Unresolved;
  others: Unresolved[];
  near: ServiceName | undefined;
  /** Whether the near name is the Service renamed by the kustomization that renders the place (namePrefix, nameSuffix). */
  renamed: boolean;
}

/** Whether the owner is rendered by a kustomization over a base, and the near name is the missing one with a prefix or suffix. */
function renamedByOverlay(model: DeployedModel, owner: KubeRef, service: string, near: string): boolean {
  const unit = model.units.find((entry) => entry.id === owner.unit);
  return unit?.kind === 'kustomization' && unit.includes.length > 0 && (near.endsWith(`-${service}`) || near.startsWith(`${service}-`));
}

/** A place that names a Service nothing provides. */
interface Unresolved {
  named: NamedHost;
  target: { service: string; namespace: string };
  severity: Severity | undefined;
  hedge: string;
  creator: UnverifiedCreator | undefined;
}

/** Every host name the live configs write, in model order. */
function namedHosts(model: DeployedModel): NamedHost[] {
  const hosts: NamedHost[] = [];
  for (const object of model.configObjects) {
    for (const [key, text] of Object.entries(object.data)) {
      if (HAPROXY_KEY.test(key)) continue;
      const holder = `${object.kind} ${object.name} key ${key}`;
      if (text.value.trim().includes('\n')) hosts.push(...hostsInText(text, holder, object, undefined));
      else hosts.push(...hostsInLine(text.value, lineSource(text, 1), holder, object, 'key', HOST_ENV.test(key)));
    }
  }
  for (const workload of model.workloads) {
    for (const container of workload.containers) {
      const holder = `${workload.kind} ${workload.name} (container ${container.name})`;
      for (const env of container.env) {
        if (!env.value) continue;
        hosts.push(...hostsInLine(env.value.value, env.value.source, `${holder} env ${env.name}`, workload, 'variable', HOST_ENV.test(env.name)));
      }
      for (const arg of [...container.command, ...container.args]) hosts.push(...hostsInText(arg, `${holder} command line`, workload, undefined));
    }
  }
  return hosts;
}

/** An object of one rendering: a workload and the ConfigMaps it reads share their unit. */
const aliasKey = (object: Pick<KubeRef, 'kind' | 'namespace' | 'name' | 'unit'>) => `${object.kind}/${object.namespace}/${object.name}/${object.unit}`;

/** The names `hostAliases` give the pods of each workload, and of the workloads that read each ConfigMap or Secret. */
function hostAliases(model: DeployedModel): Map<string, Set<string>> {
  const aliases = new Map<string, Set<string>>();
  const add = (object: Pick<KubeRef, 'kind' | 'namespace' | 'name' | 'unit'>, names: string[]) => {
    const known = aliases.get(aliasKey(object)) ?? new Set<string>();
    for (const name of names) known.add(name.toLowerCase());
    aliases.set(aliasKey(object), known);
  };
  for (const workload of model.workloads) {
    if (!workload.hostAliases) continue;
    add(workload, workload.hostAliases);
    for (const ref of workload.configRefs) add({ ...ref, unit: workload.unit }, workload.hostAliases);
  }
  return aliases;
}

/** Lines that may name a host: only those are read (most lines of a config name none). */
const CANDIDATE_LINE = /^.*(?:host|HOST|Host|:\/\/|\.svc).*$/gm;

function hostsInText(text: EmbeddedText, holder: string, owner: KubeRef, readIfAsked: NamedHost['readIfAsked']): NamedHost[] {
  const hosts: NamedHost[] = [];
  let line = 1;
  let counted = 0;
  for (const match of text.value.matchAll(CANDIDATE_LINE)) {
    // Line numbers by counting the newlines since the previous candidate.
    for (let index = text.value.indexOf('\n', counted); index !== -1 && index < match.index; index = text.value.indexOf('\n', index + 1)) line++;
    counted = match.index;
    hosts.push(...hostsInLine(match[0], lineSource(text, line), holder, owner, readIfAsked));
  }
  return hosts;
}

/** The host names of one line: URLs, `.svc` names, host keys, and the whole value of a host-named env variable. */
function hostsInLine(line: string, at: Source, holder: string, owner: KubeRef, readIfAsked: NamedHost['readIfAsked'], wholeValueIsHost = false): NamedHost[] {
  if (line.includes('$') || line.includes('{{') || /^\s*#/.test(line)) return [];
  // Most values name no host: pass them over before the expressions run.
  if (!wholeValueIsHost && !line.includes('://') && !line.includes('.svc') && !/host/i.test(line)) return [];
  const hosts: NamedHost[] = [];
  const add = (host: string, port: string | undefined) => {
    const name = host.toLowerCase().replace(/\.$/, '');
    if (!hosts.some((entry) => entry.host === name)) hosts.push({ host: name, port: port === undefined ? undefined : Number(port), at, holder, owner, readIfAsked });
  };
  for (const match of line.matchAll(URL_HOST)) add(match[1]!, match[2]);
  for (const match of line.matchAll(SVC_HOST)) add(match[1]!, match[2]);
  for (const match of line.matchAll(HOST_KEY)) add(match[1]!, undefined);
  if (wholeValueIsHost) {
    const match = /^\s*([a-z0-9][-a-z0-9.]*)(?::(\d+))?\s*$/i.exec(line);
    if (match) add(match[1]!, match[2]);
  }
  return hosts;
}

/** The Service a host names, when it is a cluster name docdrift can judge. */
/** The StatefulSet a headless Service governs, when the pod a name gives is past its last ordinal (db-3 of 2 replicas). */
function podBeyondReplicas(model: DeployedModel, service: Service, pod: string): { name: string; text: string; at: Source } | undefined {
  const set = model.workloads.find((workload) => workload.kind === 'StatefulSet' && workload.namespace === service.namespace && workload.serviceName?.value === service.name && pod.startsWith(`${workload.name}-`));
  const ordinal = set ? /^\d+$/.exec(pod.slice(set.name.length + 1))?.[0] : undefined;
  if (!set || ordinal === undefined) return undefined;
  const replicas = set.replicas?.value ?? 1;
  if (Number(ordinal) < replicas) return undefined;
  return { name: set.name, text: `StatefulSet ${set.name} runs ${replicas === 1 ? `only ${set.name}-0` : `${set.name}-0 to ${set.name}-${replicas - 1}`}`, at: set.replicas?.source ?? set.source };
}

function resolve(lookup: ModelLookup, named: NamedHost, namespaces: Set<string>): { service: string; namespace: string; pod?: string } | undefined {
  const host = named.host;
  if (/^[\d.]+$/.test(host) || host === 'localhost' || BUILT_IN.has(host) || BUILT_IN.has(host.split('.').slice(0, 2).join('.'))) return undefined;
  const labels = host.split('.');
  if (!labels.includes('svc')) {
    if (labels.length === 1) return namespaces.has(named.owner.namespace) ? { service: host, namespace: named.owner.namespace } : undefined;
    // name.namespace only when the namespace is one of the manifests': matrix.org is an outside name.
    if (labels.length === 2) return namespaces.has(labels[1]!) ? { service: labels[0]!, namespace: labels[1]! } : undefined;
    return undefined;
  }
  const target = lookup.hostTarget(host);
  if (!target || !namespaces.has(target.namespace)) return undefined;
  return { service: target.service, namespace: target.namespace, ...(target.pod !== undefined ? { pod: target.pod } : {}) };
}

/** Ports a client can dial: the Service ports, or for a headless Service what its pods listen on. */
function exposedPorts(lookup: ModelLookup, service: Service): number[] {
  if (!service.headless) return service.ports.map((port) => port.port);
  const pods = lookup.selectedWorkloads(service).flatMap((workload) => workload.containers.flatMap((container) => container.ports.map((port) => port.containerPort)));
  const targets = service.ports.flatMap((port) => lookup.targetPortNumber(service, port) ?? []);
  return [...new Set([...targets, ...pods, ...(pods.length === 0 ? service.ports.map((port) => port.port) : [])])];
}

/** A Service a host may have meant: one of the manifests, or one an operator or a release creates. */
interface ServiceName {
  name: string;
  source: Source | undefined;
  /** As a related place says it: `Service ledger-pool`, `Service ledger-pool, created by Pooler ledger-pool`. */
  description: string;
}

/** The Services that operators and Helm releases create in a namespace, as candidates for a near name. */
function createdServices(lookup: ModelLookup, namespace: string): ServiceName[] {
  return lookup.runtimeObjectsIn(namespace, 'Service').flatMap((object) =>
    object.createdBy.source ? [{ name: object.name, source: object.createdBy.source, description: `Service ${object.name}, created by ${object.createdBy.description}` }] : [],
  );
}

