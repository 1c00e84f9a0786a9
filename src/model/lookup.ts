import { deriveRuntimeObjects } from '../runtime/derive.ts';
import type { RuntimeObject, RuntimeObjects, RuntimePods, UnverifiedCreator } from '../runtime/types.ts';
import { addToGroup } from './group.ts';
import { nearest } from './locality.ts';
import { evaluateWorkerNames, findSharedViews, findSynapseProcesses, findWorkersIn } from './synapse-instances.ts';
import type { NamespaceWorkers, SharedView, SynapseProcess, WorkerNames } from './synapse-instances.ts';
import type {
  Autoscaler,
  ConfigObject,
  ConfigRef,
  Container,
  ContainerPort,
  DeployedModel,
  DeploymentUnit,
  HaproxyBackend,
  HaproxyConfig,
  HaproxyFrontend,
  HaproxyServer,
  Ingress,
  IngressBackendRef,
  KubeRef,
  LabelSelector,
  Located,
  Service,
  ServicePort,
  SynapseConfig,
  SynapseListener,
  VolumeMount,
  Workload,
} from './types.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Where an HAProxy server address points in Kubernetes terms. */
export interface AddressTarget {
  service: string;
  namespace: string;
  /** The SRV port name, when the address is an SRV label. */
  portName: string | undefined;
  /** The StatefulSet pod host name when the address names one pod (`pod-0.svc.ns.svc…`). */
  pod: string | undefined;
  /**
   * Where the namespace comes from: written in the address, the namespace of the pods that run the
   * config (a short name resolves through their DNS search path), or the configured default when no
   * manifest shows where the config runs. Unset: written in the address.
   */
  namespaceFrom?: 'address' | 'runner' | 'default';
}

/** One host and path of an Ingress rule. */
export interface IngressRoute {
  ingress: Ingress;
  backend: IngressBackendRef;
}

/** A container that runs an HAProxy config file from a mounted ConfigMap or Secret volume. */
export interface HaproxyMount {
  workload: Workload;
  container: Container;
  /** The mount that carries the config (a `subPath` mount carries that one file only). */
  mount: VolumeMount;
  /** The ConfigMap and Secret sources of the mounted volume (several for a projected volume). */
  refs: ConfigRef[];
}

/** A way in from outside the cluster to an HAProxy frontend: an Ingress path, or a LoadBalancer or NodePort Service. */
export interface PublicEntry {
  frontend: HaproxyFrontend;
  /** The Service in front of the HAProxy pods, and the port of it that reaches the frontend's bind port. */
  service: Service;
  servicePort: ServicePort;
  /** The Ingress path that forwards to the Service; undefined when the Service itself is reachable (LoadBalancer, NodePort). */
  ingress: IngressRoute | undefined;
}

/** The ports a `bind` address listens on for other hosts: loopback, UNIX sockets and inherited fds are left out. */
export function bindPorts(address: string): number[] {
  let ports = bindPortsOf.get(address);
  if (!ports) bindPortsOf.set(address, (ports = readBindPorts(address)));
  return ports;
}

const bindPortsOf = new Map<string, number[]>();

function readBindPorts(address: string): number[] {
  return address.split(',').flatMap((part) => {
    const bare = part.trim().replace(/^(?:ipv4|ipv6|tcp4|tcp6|tcp|quic4|quic6|udp4|udp6)@/, '');
    if (bare.startsWith('/') || bare.includes('@')) return [];
    const match = /^(.*):(\d+)(?:-(\d+))?$/.exec(bare);
    if (!match) return [];
    const host = match[1]!.replace(/^\[|\]$/g, '');
    if (/^(?:127\.|localhost$|::1$)/.test(host)) return [];
    const low = Number(match[2]);
    const high = match[3] ? Number(match[3]) : low;
    return high - low > 1024 || high < low ? [low] : Array.from({ length: high - low + 1 }, (_, index) => low + index);
  });
}

/**
 * Whether a workload's pods carry a label: from their template, or set by the StatefulSet controller
 * on each pod (`statefulset.kubernetes.io/pod-name: NAME-0`, `apps.kubernetes.io/pod-index: "0"`; any
 * ordinal, as replicas change at run time).
 */
function podCarries(workload: Workload, label: string, value: string): boolean {
  if (workload.podLabels[label]?.value === value) return true;
  if (workload.kind !== 'StatefulSet') return false;
  const ordinal = label === 'apps.kubernetes.io/pod-index' ? value : label === 'statefulset.kubernetes.io/pod-name' && value.startsWith(`${workload.name}-`) ? value.slice(workload.name.length + 1) : undefined;
  return ordinal !== undefined && /^(?:0|[1-9]\d*)$/.test(ordinal);
}

/** Where the haproxy images (haproxy, haproxytech/haproxy-*) read haproxy.cfg when no `-f` is given. */
const HAPROXY_IMAGE_DIRECTORY = '/usr/local/etc/haproxy';

const NONE: ReadonlySet<string> = new Set();
const NO_MOUNTS: readonly HaproxyMount[] = [];

/** What the cluster will hold beyond the manifests, indexed. */
interface RuntimeIndex {
  runtime: RuntimeObjects;
  /** The first object of each kind, namespace and name. */
  byId: Map<string, RuntimeObject>;
  podsByNamespace: Map<string, RuntimePods[]>;
}

/** Pods as a selector sees them: their labels and named ports, and the object that runs them. */
export interface PodTemplate {
  owner: KubeRef;
  labels: Record<string, Located<string>>;
  ports: ContainerPort[];
}

/** Custom kinds that configure traffic, monitoring or certificates and run no pods of their own. */
const PASSIVE_CUSTOM_KINDS = new Set([
  'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe', 'Certificate', 'Issuer', 'ClusterIssuer', 'VirtualService', 'DestinationRule',
  'Gateway', 'ServiceEntry', 'Sidecar', 'AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'BackendConfig', 'FrontendConfig',
  'ManagedCertificate', 'IngressRoute', 'Middleware',
]);

/** Whether an object may make the cluster run pods or Services that no manifest shows: a custom kind that configures none of the above. */
function mayCreateUnseen(resource: KubeRef): boolean {
  const slash = resource.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : resource.apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io') && !PASSIVE_CUSTOM_KINDS.has(resource.kind);
}

/** Whether a label selector holds for a set of labels (an empty selector holds for all). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, Located<string> | string>>): boolean {
  const value = (name: string): string | undefined => {
    const entry = labels[name];
    return typeof entry === 'string' ? entry : entry?.value;
  };
  for (const [name, wanted] of Object.entries(selector.matchLabels)) if (value(name) !== wanted.value) return false;
  for (const { key: name, operator, values } of selector.matchExpressions) {
    const actual = value(name);
    if (operator === 'In' && (actual === undefined || !values.includes(actual))) return false;
    if (operator === 'NotIn' && actual !== undefined && values.includes(actual)) return false;
    if (operator === 'Exists' && actual === undefined) return false;
    if (operator === 'DoesNotExist' && actual !== undefined) return false;
  }
  return true;
}

/**
 * Indexes over the deployed model, built once per run so rules join by name
 * instead of scanning every pair.
 */
export class ModelLookup {
  private readonly servicesByKey = new Map<string, Service[]>();
  private readonly servicesByName = new Map<string, Service[]>();
  private readonly workloadsByKey = new Map<string, Workload[]>();
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  /** Autoscalers by the namespace and name of their target, whatever its kind. */
  private readonly autoscalersByTarget = new Map<string, Autoscaler[]>();
  private readonly configKeys = new Set<string>();
  private readonly configMapData = new Map<string, string[]>();
  private readonly synapseByOrigin = new Map<string, SynapseConfig[]>();
  /** The first Synapse config that sets each worker_name. */
  private readonly synapseByWorkerName = new Map<string, SynapseConfig>();
  // The model never changes during a run, so every join is computed once and kept.
  private readonly selected = new Map<Service, Workload[]>();
  private readonly selectedByServiceName = new Map<string, Workload[]>();
  private servicesByWorkload: Map<Workload, Service[]> | undefined;
  private readonly kinds = new Map<Workload, string | undefined>();
  private workloadsByKind: Map<string, Workload[]> | undefined;
  private workloadsByNamespaceAndKind: Map<string, Workload[]> | undefined;
  private readonly configsFor = new Map<Workload, SynapseConfig[]>();
  private readonly listenersFor = new Map<Workload, SynapseListener[]>();
  private workloadsByConfig: Map<SynapseConfig, Workload> | undefined;
  /** Units that another unit renders inside itself (kustomize bases). */
  private readonly includedUnits: Set<string>;
  private readonly processesFor = new Map<Workload, SynapseProcess[]>();
  private readonly workerNamesFor = new Map<Workload, WorkerNames | undefined>();
  private sharedViewList: SharedView[] | undefined;
  private readonly workersByNamespace = new Map<string, NamespaceWorkers>();
  // What operators, Helm releases and the cluster create (see useRuntimeObjects).
  private runtimeIndex: RuntimeIndex | undefined;
  private routesByHostAndPath: Map<string, IngressRoute[]> | undefined;
  private readonly podTemplates = new Map<string, PodTemplate[]>();
  private namespaceLabelsByName: Map<string, Record<string, string> | undefined> | undefined;
  private servicesByNamespace: Map<string, Service[]> | undefined;
  private unseenCreatorsByNamespace: Map<string, KubeRef[]> | undefined;
  private configObjectsByKey: Map<string, ConfigObject[]> | undefined;
  private readonly haproxyMountsOf = new Map<HaproxyConfig, HaproxyMount[]>();
  private mountsByFile: Map<string, HaproxyMount[]> | undefined;
  private readonly carriedBy = new WeakMap<ConfigRef[], Set<string>>();
  private routesByService: Map<string, IngressRoute[]> | undefined;
  private readonly publicEntriesOf = new Map<HaproxyConfig, PublicEntry[]>();
  private haproxyByWorkload: Map<Workload, HaproxyConfig[]> | undefined;
  private configOfBackend: Map<HaproxyBackend, HaproxyConfig> | undefined;
  private unitAlternatives: Map<string, Set<string>> | undefined;
  private defaultClass: { name: string | undefined } | undefined;

  constructor(
    readonly model: DeployedModel,
    readonly vocabulary: Vocabulary,
    readonly options: { defaultNamespace: string; clusterDomain: string },
  ) {
    this.includedUnits = new Set(model.units.flatMap((unit) => unit.includes));
    for (const service of model.services) {
      addToGroup(this.servicesByKey, key(service.namespace, service.name), service);
      addToGroup(this.servicesByName, service.name, service);
    }
    for (const workload of model.workloads) {
      addToGroup(this.workloadsByKey, key(workload.namespace, workload.name), workload);
      addToGroup(this.workloadsByNamespace, workload.namespace, workload);
    }
    for (const autoscaler of model.autoscalers) addToGroup(this.autoscalersByTarget, key(autoscaler.namespace, autoscaler.target.name), autoscaler);
    for (const object of model.configObjects) {
      this.configKeys.add(`${object.kind}/${key(object.namespace, object.name)}`);
      if (object.kind === 'ConfigMap' && !this.configMapData.has(key(object.namespace, object.name))) this.configMapData.set(key(object.namespace, object.name), Object.keys(object.data));
    }
    for (const config of model.synapse) {
      const origin = config.origin.type === 'heredoc' ? `heredoc/${key(config.origin.namespace, config.origin.workload)}` : `configmap/${key(config.origin.namespace, config.origin.configMap)}`;
      addToGroup(this.synapseByOrigin, origin, config);
      const workerName = config.workerName?.value;
      if (workerName !== undefined && !this.synapseByWorkerName.has(workerName)) this.synapseByWorkerName.set(workerName, config);
    }
  }

  /**
   * Makes known what the cluster will hold beyond the manifests: objects operators create for custom
   * resources, objects of Helm releases, objects every cluster has. The engine calls it once the docs'
   * `helm install` lines are read; a lookup used before (or without) it knows what the manifests'
   * custom resources and the cluster create. Each call replaces the previous one.
   */
  useRuntimeObjects(runtime: RuntimeObjects): void {
    const byId = new Map<string, RuntimeObject>();
    for (const object of runtime.objects) {
      const id = `${object.kind}/${key(object.namespace, object.name)}`;
      if (!byId.has(id)) byId.set(id, object);
    }
    const podsByNamespace = new Map<string, RuntimePods[]>();
    for (const pods of runtime.pods) addToGroup(podsByNamespace, pods.namespace, pods);
    this.runtimeIndex = { runtime, byId, podsByNamespace };
  }

  private get created(): RuntimeIndex {
    if (!this.runtimeIndex) this.useRuntimeObjects(deriveRuntimeObjects(this.model, [], { defaultNamespace: this.options.defaultNamespace, paths: new Set() }));
    return this.runtimeIndex!;
  }

  /** A Service no manifest defines that an operator, a Helm release or the cluster creates. */
  runtimeService(namespace: string, name: string): RuntimeObject | undefined {
    return this.created.byId.get(`Service/${key(namespace, name)}`);
  }

  /**
   * The Services of the creator (in that namespace) that a name most likely meant: the one with a Service
   * sharing the longest prefix with it (its first word at least) or ending in `-NAME`; empty when none does.
   */
  runtimeServicesLike(namespace: string, name: string): RuntimeObject[] {
    const created = this.created.runtime.objects.filter((object) => object.kind === 'Service' && object.namespace === namespace && object.createdBy.source !== undefined);
    const firstWord = name.split('-')[0]!.length;
    let best: RuntimeObject | undefined;
    let bestScore = 0;
    for (const object of created) {
      let common = 0;
      while (common < name.length && name[common] === object.name[common]) common++;
      const score = object.name.endsWith(`-${name}`) ? name.length + 1 : common > firstWord ? common : 0;
      if (score > bestScore) [best, bestScore] = [object, score];
    }
    return best ? created.filter((object) => object.createdBy === best.createdBy) : [];
  }

  /** Services of that name that operators, releases or the cluster create, in every namespace. */
  runtimeServicesNamed(name: string): RuntimeObject[] {
    return this.created.runtime.objects.filter((object) => object.kind === 'Service' && object.name === name);
  }

  /** Whether any Service is known, from manifests or created by an operator or release: else docs have nothing to be held to. */
  hasServices(): boolean {
    return this.model.services.length > 0 || this.created.runtime.objects.some((object) => object.kind === 'Service' && object.createdBy.source !== undefined);
  }

  /** Pods an operator or a Helm release runs whose labels carry every selector pair of the Service. */
  runtimePodsSelectedBy(service: Service): RuntimePods[] {
    const selector = service.selector;
    if (!selector || Object.keys(selector).length === 0) return [];
    return (this.created.podsByNamespace.get(service.namespace) ?? []).filter((pods) =>
      Object.entries(selector).every(([label, value]) => pods.labels[label] === value.value),
    );
  }

  /**
   * A release of a chart without a table (or whose values were not all read), or a custom resource of an
   * unknown operator, under whose name this one may be created: `NAME` or `NAME-…` in its namespace.
   */
  unverifiedCreator(namespace: string, name: string): UnverifiedCreator | undefined {
    return this.created.runtime.unverified.find((creator) => creator.namespace === namespace && (name === creator.prefix || name.startsWith(`${creator.prefix}-`)));
  }

  /**
   * A unit docdrift could not render (a chart without helm) under whose folder name a name falls
   * (`web` or `web-…` for `charts/web`): its templates may define the object.
   */
  unrenderedUnitFor(name: string): DeploymentUnit | undefined {
    return this.model.units.find((unit) => {
      const folder = unit.path.slice(unit.path.lastIndexOf('/') + 1);
      return unit.status === 'skipped' && folder !== '' && (name === folder || name.startsWith(`${folder}-`));
    });
  }

  /**
   * Whether an object belongs to a kustomize base that other units render: its references are
   * checked in those renderings (an overlay generates the ConfigMap its base mounts), not alone.
   */
  inBase(object: KubeRef): boolean {
    return object.unit !== undefined && this.includedUnits.has(object.unit);
  }

  service(namespace: string, name: string): Service | undefined {
    return this.servicesByKey.get(key(namespace, name))?.[0];
  }

  /**
   * The Service of that namespace and name that is applied with an object: one of its own unit, of a
   * unit it includes or that is deployed alongside it. A Service found only in another packaging of
   * the same app (an alternative unit) is not there when this one is deployed.
   */
  serviceFor(from: KubeRef, namespace: string, name: string): Service | undefined {
    return this.servicesByKey.get(key(namespace, name))?.find((service) => this.deployedTogether(from, service));
  }

  /**
   * Whether two objects can run in one cluster at once: not when their units are alternatives of each
   * other (a bundle and the folder it was built from, units the config names alternatives), which
   * are deployed instead of each other.
   */
  deployedTogether(a: KubeRef, b: KubeRef): boolean {
    if (a.unit === undefined || b.unit === undefined || a.unit === b.unit) return true;
    return !this.alternativesOf(a.unit).has(b.unit) && !this.alternativesOf(b.unit).has(a.unit);
  }

  private alternativesOf(unit: string): ReadonlySet<string> {
    if (!this.unitAlternatives) this.unitAlternatives = new Map(this.model.units.map((entry) => [entry.id, new Set(entry.alternatives)]));
    return this.unitAlternatives.get(unit) ?? NONE;
  }

  /**
   * The IngressClass the manifests mark as the cluster's default (`ingressclass.kubernetes.io/is-default-class`),
   * which an Ingress without a class gets; undefined when none or several do.
   */
  defaultIngressClass(): string | undefined {
    if (this.defaultClass === undefined) {
      const marked = this.model.resources.filter(
        (resource) => resource.kind === 'IngressClass' && resource.annotations['ingressclass.kubernetes.io/is-default-class']?.value === 'true',
      );
      const names = new Set(marked.map((resource) => resource.name));
      this.defaultClass = { name: names.size === 1 ? [...names][0] : undefined };
    }
    return this.defaultClass.name;
  }

  /** Services of that name in every namespace, in manifest order. */
  servicesNamed(name: string): Service[] {
    return this.servicesByName.get(name) ?? [];
  }

  workload(namespace: string, name: string): Workload | undefined {
    return this.workloadsByKey.get(key(namespace, name))?.[0];
  }

  /** Workloads of a namespace, in manifest order. */
  workloadsIn(namespace: string): Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /** The first HorizontalPodAutoscaler that targets a workload (its kind, name and namespace). */
  autoscalerFor(workload: Workload): Autoscaler | undefined {
    return (this.autoscalersByTarget.get(key(workload.namespace, workload.name)) ?? []).find((autoscaler) => autoscaler.target.kind === workload.kind);
  }

  /**
   * Whether a manifest defines the ConfigMap/Secret, or an operator or a Helm release creates it.
   * With `from`: a manifest deployed with that object (see deployedTogether).
   */
  hasConfigObject(kind: 'ConfigMap' | 'Secret', namespace: string, name: string, from?: KubeRef): boolean {
    const id = `${kind}/${key(namespace, name)}`;
    if (this.created.byId.has(id)) return true;
    return from === undefined ? this.configKeys.has(id) : this.configObject(kind, namespace, name, from) !== undefined;
  }

  /** Workloads deployed with the Service whose pod template labels carry every selector pair of it. */
  selectedWorkloads(service: Service): Workload[] {
    let workloads = this.selected.get(service);
    if (!workloads) {
      const selector = service.selector;
      workloads =
        !selector || Object.keys(selector).length === 0
          ? []
          : this.workloadsIn(service.namespace).filter(
              (workload) => this.deployedTogether(service, workload) && Object.entries(selector).every(([label, value]) => podCarries(workload, label, value.value)),
            );
      this.selected.set(service, workloads);
    }
    return workloads;
  }

  /** Workloads that some Service of that name (in any namespace) selects, each once. */
  workloadsSelectedByServicesNamed(name: string): Workload[] {
    let workloads = this.selectedByServiceName.get(name);
    if (!workloads) {
      workloads = [...new Set(this.servicesNamed(name).flatMap((service) => this.selectedWorkloads(service)))];
      this.selectedByServiceName.set(name, workloads);
    }
    return workloads;
  }

  /** Services that select a workload's pods. */
  servicesFor(workload: Workload): Service[] {
    if (!this.servicesByWorkload) {
      this.servicesByWorkload = new Map();
      for (const service of this.model.services) {
        for (const selected of this.selectedWorkloads(service)) addToGroup(this.servicesByWorkload, selected, service);
      }
    }
    return this.servicesByWorkload.get(workload) ?? [];
  }

  /** Workloads that run a worker kind, in manifest order. */
  workloadsOfKind(kind: string): Workload[] {
    return this.deployedKinds().get(kind) ?? [];
  }

  /** Workloads of a namespace that run a worker kind, in manifest order. */
  workloadsOfKindIn(namespace: string, kind: string): Workload[] {
    if (!this.workloadsByNamespaceAndKind) {
      this.workloadsByNamespaceAndKind = new Map();
      for (const [workloadKind, workloads] of this.deployedKinds()) {
        for (const workload of workloads) addToGroup(this.workloadsByNamespaceAndKind, key(workload.namespace, workloadKind), workload);
      }
    }
    return this.workloadsByNamespaceAndKind.get(key(namespace, kind)) ?? [];
  }

  /** Every worker kind the manifests run, in order of first appearance, with its workloads in manifest order. */
  deployedKinds(): ReadonlyMap<string, Workload[]> {
    if (!this.workloadsByKind) {
      this.workloadsByKind = new Map();
      for (const workload of this.model.workloads) {
        const workloadKind = this.workerKind(workload);
        if (workloadKind) addToGroup(this.workloadsByKind, workloadKind, workload);
      }
    }
    return this.workloadsByKind;
  }

  /**
   * Replicas of a workload as Kubernetes runs it (omitted replicas mean 1); undefined for kinds that
   * have no replica count: a DaemonSet runs a pod per matching node, Jobs and CronJobs run to completion.
   */
  replicas(workload: Workload): number | undefined {
    if (!hasReplicaCount(workload)) return undefined;
    return workload.replicas?.value ?? 1;
  }

  /** The worker kind id of a workload, from its component label, its name or its Synapse worker_app. */
  workerKind(workload: Workload): string | undefined {
    if (!this.kinds.has(workload)) this.kinds.set(workload, this.findWorkerKind(workload));
    return this.kinds.get(workload);
  }

  private findWorkerKind(workload: Workload): string | undefined {
    const labels = workload.podLabels;
    for (const candidate of [
      labels['component']?.value,
      labels['app.kubernetes.io/component']?.value,
      workload.labels['component']?.value,
      workload.name,
    ]) {
      const kind = candidate ? this.vocabulary.kindOf(candidate) : undefined;
      if (kind) return kind;
    }
    return undefined;
  }

  /**
   * Synapse configs a workload runs: the files its command lines load when they can be read in full;
   * otherwise also heredocs in its containers, and ConfigMap keys it mounts that its command line
   * names (or the only Synapse key of a mounted ConfigMap).
   */
  synapseConfigsFor(workload: Workload): SynapseConfig[] {
    let configs = this.configsFor.get(workload);
    if (!configs) {
      configs = this.findSynapseConfigs(workload);
      this.configsFor.set(workload, configs);
    }
    return configs;
  }

  /** The first Synapse config (in model order) whose worker_name is that name. */
  synapseConfigNamed(workerName: string): SynapseConfig | undefined {
    return this.synapseByWorkerName.get(workerName);
  }

  /** The first workload (in manifest order) that runs a Synapse config. */
  workloadRunning(config: SynapseConfig): Workload | undefined {
    if (!this.workloadsByConfig) {
      this.workloadsByConfig = new Map();
      for (const workload of this.model.workloads) {
        for (const ran of this.synapseConfigsFor(workload)) if (!this.workloadsByConfig.has(ran)) this.workloadsByConfig.set(ran, workload);
      }
    }
    return this.workloadsByConfig.get(config);
  }

  private findSynapseConfigs(workload: Workload): SynapseConfig[] {
    // When every container's command line was read in full, the files it loads are the answer.
    const processes = this.synapseProcessesFor(workload);
    const loaded = [...new Set(processes.flatMap((process) => process.configs.map(({ config }) => config)))];
    if (processes.length > 0 && processes.every((process) => process.complete)) return loaded;
    const inline = this.synapseHeredocsOf(workload);
    const mounted = new Set(workload.configRefs.filter((ref) => ref.kind === 'ConfigMap').map((ref) => ref.name));
    const commandLine = workload.containers.flatMap((container) => [...container.command, ...container.args].map((arg) => arg.value)).join('\n');
    const fromConfigMaps: SynapseConfig[] = [];
    for (const name of [...mounted].sort()) {
      const candidates = this.synapseConfigsInConfigMap(workload.namespace, name);
      const named = candidates.filter((config) => config.origin.type === 'configmap' && commandLine.includes(config.origin.key));
      fromConfigMaps.push(...(named.length > 0 ? named : candidates.length === 1 ? candidates : []));
    }
    return [...new Set([...loaded, ...inline, ...fromConfigMaps])];
  }

  /** The Synapse configs written in heredocs of a workload's scripts, in model order. */
  synapseHeredocsOf(workload: Workload): SynapseConfig[] {
    return this.synapseByOrigin.get(`heredoc/${key(workload.namespace, workload.name)}`) ?? [];
  }

  /** The Synapse configs that are keys of a ConfigMap, in model order. */
  synapseConfigsInConfigMap(namespace: string, configMap: string): SynapseConfig[] {
    return this.synapseByOrigin.get(`configmap/${key(namespace, configMap)}`) ?? [];
  }

  /** The keys of a ConfigMap the manifests define (the files it holds when mounted), undefined when none does. */
  configMapKeys(namespace: string, name: string): string[] | undefined {
    return this.configMapData.get(key(namespace, name));
  }

  /** The containers of a workload that start Synapse from a command line docdrift can read, with the files each loads. */
  synapseProcessesFor(workload: Workload): SynapseProcess[] {
    let processes = this.processesFor.get(workload);
    if (!processes) {
      processes = findSynapseProcesses(this, workload);
      this.processesFor.set(workload, processes);
    }
    return processes;
  }

  /** The worker_name of each pod of a workload, when the config and start-up script let it be evaluated. */
  workerNames(workload: Workload): WorkerNames | undefined {
    if (!this.workerNamesFor.has(workload)) this.workerNamesFor.set(workload, evaluateWorkerNames(this, workload));
    return this.workerNamesFor.get(workload);
  }

  /** The evaluated worker names of a namespace's Synapse workers (see findWorkersIn). */
  synapseWorkersIn(namespace: string): NamespaceWorkers {
    let workers = this.workersByNamespace.get(namespace);
    if (!workers) {
      workers = findWorkersIn(this, namespace);
      this.workersByNamespace.set(namespace, workers);
    }
    return workers;
  }

  /** instance_map, stream_writers and federation_sender_instances as the processes load them (see findSharedViews). */
  sharedViews(): SharedView[] {
    this.sharedViewList ??= findSharedViews(this);
    return this.sharedViewList;
  }

  /**
   * The listeners a workload's Synapse process opens. A worker opens only the listeners of its
   * worker files (worker_listeners): the `listeners` of the shared homeserver.yaml it also loads
   * are the main process's.
   */
  synapseListenersFor(workload: Workload): SynapseListener[] {
    let listeners = this.listenersFor.get(workload);
    if (!listeners) {
      const configs = this.synapseConfigsFor(workload);
      const workerFiles = configs.filter((config) => config.workerApp !== undefined && config.workerApp.value !== 'synapse.app.homeserver');
      listeners = (workerFiles.length > 0 ? workerFiles : configs).flatMap((config) => config.listeners);
      this.listenersFor.set(workload, listeners);
    }
    return listeners;
  }

  /**
   * Resolves an HAProxy server address to the Service it names: SRV labels, and host names of the
   * forms svc, svc.ns, svc.ns.svc[.domain] and pod.svc.ns.svc[.domain]. Undefined for IPs and outside names.
   * Given the backend, a name without a namespace resolves in the namespace of the pods that run its config.
   */
  addressTarget(server: HaproxyServer, backend?: HaproxyBackend): AddressTarget | undefined {
    const runner = backend ? this.haproxyRunner(backend) : undefined;
    // No pod seen mounting it: a config written in a ConfigMap runs in that ConfigMap's namespace.
    const embedded = backend ? this.configOf(backend)?.embedded?.namespace : undefined;
    const implied = runner?.namespace ?? embedded ?? this.options.defaultNamespace;
    const namespaceFrom = runner || embedded ? 'runner' : 'default';
    if (server.srv) {
      return {
        service: server.srv.service,
        namespace: server.srv.namespace ?? implied,
        portName: server.srv.portName,
        pod: undefined,
        namespaceFrom: server.srv.namespace !== undefined ? 'address' : namespaceFrom,
      };
    }
    const target = this.hostTarget(server.host, implied);
    return target && target.namespaceFrom === 'default' ? { ...target, namespaceFrom } : target;
  }

  /** The config a backend belongs to. */
  private configOf(backend: HaproxyBackend): HaproxyConfig | undefined {
    this.configOfBackend ??= new Map(this.model.haproxy.flatMap((config) => config.backends.map((entry) => [entry, config] as const)));
    return this.configOfBackend.get(backend);
  }

  /** The first workload seen running the config a backend belongs to. */
  private haproxyRunner(backend: HaproxyBackend): Workload | undefined {
    const config = this.configOf(backend);
    return config ? this.haproxyMounts(config)[0]?.workload : undefined;
  }

  /**
   * The Service a server of `backend` reaches, as the pods that run its config see it: one their unit
   * deploys, before a stale copy in another packaging. Any unit's when no workload is seen running it.
   */
  serverService(backend: HaproxyBackend, server: HaproxyServer): Service | undefined {
    const target = this.addressTarget(server, backend);
    if (!target) return undefined;
    const runner = this.haproxyRunner(backend);
    return (runner && this.serviceFor(runner, target.namespace, target.service)) ?? this.service(target.namespace, target.service);
  }

  /** Resolves a cluster DNS host name (see addressTarget). */
  hostTarget(host: string, implicitNamespace = this.options.defaultNamespace): AddressTarget | undefined {
    const lower = host.toLowerCase().replace(/\.$/, '');
    if (/^[\d.]+$/.test(lower) || lower.includes(':') || lower === 'localhost' || lower === '') return undefined;
    const labels = lower.split('.');
    // `_port._proto` labels belong to SRV names: one that is not well formed names no Service or pod.
    if (labels.some((label) => label.startsWith('_'))) return undefined;
    const domainLabels = this.options.clusterDomain.toLowerCase().split('.');
    const svcIndex = labels.indexOf('svc');
    if (svcIndex === -1) {
      // Short forms resolve through the pod's search path: svc or svc.ns.
      if (labels.length === 1) return { service: labels[0]!, namespace: implicitNamespace, portName: undefined, pod: undefined, namespaceFrom: 'default' };
      if (labels.length === 2) return { service: labels[0]!, namespace: labels[1]!, portName: undefined, pod: undefined };
      return undefined;
    }
    const domain = labels.slice(svcIndex + 1);
    if (domain.length > 0 && domain.join('.') !== domainLabels.join('.')) return undefined;
    const names = labels.slice(0, svcIndex);
    if (names.length === 2) return { service: names[0]!, namespace: names[1]!, portName: undefined, pod: undefined };
    if (names.length === 3) return { service: names[1]!, namespace: names[2]!, portName: undefined, pod: names[0]! };
    return undefined;
  }
  /** The pod port a Service port forwards to: its numeric targetPort, or the containerPort of that name on the selected pods. */
  targetPortNumber(service: Service, port: ServicePort): number | undefined {
    if (typeof port.targetPort === 'number') return port.targetPort;
    for (const workload of this.selectedWorkloads(service)) {
      for (const container of workload.containers) {
        const named = container.ports.find((entry) => entry.name === port.targetPort);
        if (named) return named.containerPort;
      }
    }
    return undefined;
  }
  /**
   * The Ingress rule paths of the cluster grouped by the host and path they claim, in manifest order
   * (default backends left out). An ingress controller serves every namespace, so the key has none.
   * A Prefix path matches with or without its trailing slash, so `/api/` and `/api` are one key. An
   * Exact path is its own key: the Ingress spec gives it precedence over a Prefix path of the same text.
   */
  ingressRoutesByHostAndPath(): ReadonlyMap<string, IngressRoute[]> {
    if (!this.routesByHostAndPath) {
      this.routesByHostAndPath = new Map();
      for (const ingress of this.model.ingresses) {
        for (const backend of ingress.backends) {
          if (backend.path === undefined && backend.pathType === undefined) continue;
          const path = backend.path ?? '/';
          const claimed = backend.pathType === 'Exact' ? `=${path}` : path === '/' ? path : path.replace(/\/+$/, '');
          addToGroup(this.routesByHostAndPath, `${(backend.host ?? '*').toLowerCase()} ${claimed}`, { ingress, backend });
        }
      }
    }
    return this.routesByHostAndPath;
  }
  /**
   * The pods a selector can select in a namespace: the pod templates of its workloads (deployed with
   * `from`, when given).
   * Seam: pods that operators create at run time (CloudNativePG, MinIO …) join this list.
   */
  podTemplatesIn(namespace: string, from?: KubeRef): PodTemplate[] {
    const templates = this.allPodTemplatesIn(namespace);
    return from === undefined ? templates : templates.filter((template) => this.deployedTogether(from, template.owner));
  }

  private allPodTemplatesIn(namespace: string): PodTemplate[] {
    let templates = this.podTemplates.get(namespace);
    if (!templates) {
      templates = this.workloadsIn(namespace).map((workload) => ({
        owner: workload,
        labels: workload.podLabels,
        ports: workload.containers.filter((container) => !container.init).flatMap((container) => container.ports),
      }));
      this.podTemplates.set(namespace, templates);
    }
    return templates;
  }

  /** The Services of a namespace (deployed with `from`, when given), in manifest order. Seam: Services that operators create at run time join this list. */
  servicesIn(namespace: string, from?: KubeRef): Service[] {
    if (!this.servicesByNamespace) {
      this.servicesByNamespace = new Map();
      for (const service of this.model.services) addToGroup(this.servicesByNamespace, service.namespace, service);
    }
    const services = this.servicesByNamespace.get(namespace) ?? [];
    return from === undefined ? services : services.filter((service) => this.deployedTogether(from, service));
  }

  /** The workload of that kind, namespace and name (the first in manifest order; deployed with `from`, when given). */
  workloadOfKind(namespace: string, kind: string, name: string, from?: KubeRef): Workload | undefined {
    return (this.workloadsByKey.get(key(namespace, name)) ?? []).find((workload) => workload.kind === kind && (from === undefined || this.deployedTogether(from, workload)));
  }

  /**
   * Every namespace the manifests use or define, with its labels when a manifest defines it
   * (`kubernetes.io/metadata.name` included, as the API server sets it); undefined labels: not known.
   */
  namespaceLabels(): ReadonlyMap<string, Record<string, string> | undefined> {
    if (!this.namespaceLabelsByName) {
      const byName = new Map<string, Record<string, string> | undefined>();
      for (const resource of this.model.resources) {
        if (resource.kind === 'Namespace' && resource.apiVersion === 'v1') {
          const labels = Object.fromEntries(Object.entries(resource.labels).map(([name, value]) => [name, value.value]));
          byName.set(resource.name, { ...labels, 'kubernetes.io/metadata.name': resource.name });
        } else if (!byName.has(resource.namespace)) byName.set(resource.namespace, undefined);
      }
      this.namespaceLabelsByName = byName;
    }
    return this.namespaceLabelsByName;
  }

  /**
   * Objects of a namespace whose kind Kubernetes does not define (custom resources): their operator
   * may run pods and Services that no manifest shows. Seam: once operators' creations are modelled,
   * the ones whose creations are known leave this list.
   */
  unseenCreatorsIn(namespace: string): KubeRef[] {
    if (!this.unseenCreatorsByNamespace) {
      this.unseenCreatorsByNamespace = new Map();
      for (const resource of this.model.resources) if (mayCreateUnseen(resource)) addToGroup(this.unseenCreatorsByNamespace, resource.namespace, resource);
    }
    return this.unseenCreatorsByNamespace.get(namespace) ?? [];
  }
  /** The ConfigMap or Secret of that namespace and name (the first in manifest order; deployed with `from`, when given). */
  configObject(kind: 'ConfigMap' | 'Secret', namespace: string, name: string, from?: KubeRef): ConfigObject | undefined {
    if (!this.configObjectsByKey) {
      this.configObjectsByKey = new Map();
      for (const object of this.model.configObjects) addToGroup(this.configObjectsByKey, `${object.kind}/${key(object.namespace, object.name)}`, object);
    }
    const objects = this.configObjectsByKey.get(`${kind}/${key(namespace, name)}`) ?? [];
    return from === undefined ? objects[0] : objects.find((object) => this.deployedTogether(from, object));
  }

  /**
   * The containers that run an HAProxy config file of the repository, and the ConfigMap or Secret
   * mount it comes from: a mount whose volume carries a key named like the file (`haproxy.cfg`),
   * whose path the command line names (`-f /usr/local/etc/haproxy/haproxy.cfg`), or, for the haproxy
   * image, the image's default config directory `/usr/local/etc/haproxy`.
   */
  haproxyMounts(config: HaproxyConfig): HaproxyMount[] {
    let mounts = this.haproxyMountsOf.get(config);
    if (mounts) return mounts;
    const file = haproxyFileName(config);
    // A config a ConfigMap embeds is run by the pods that mount that ConfigMap, not by any haproxy image's config directory.
    const { embedded } = config;
    const candidates = (this.configMountsByFile().get(file) ?? NO_MOUNTS).filter(
      (mount) => !embedded || mount.refs.some((ref) => ref.kind === 'ConfigMap' && ref.name === embedded.configMap && ref.namespace === embedded.namespace),
    );
    // In a repository of several deployments, a haproxy.cfg is run by the workloads beside it, not by every copy's.
    mounts = [...nearest(config.file, candidates, (mount) => mount.workload.source.file)];
    this.haproxyMountsOf.set(config, mounts);
    return mounts;
  }

  /**
   * Every ConfigMap or Secret volume mount of a (non-init) container, under each file name it may
   * carry a config as: a key of the volume, a file the command line names in the mounted directory,
   * `haproxy.cfg` in the haproxy image's config directory; for a `subPath` mount, the mounted file's name.
   */
  private configMountsByFile(): Map<string, HaproxyMount[]> {
    if (this.mountsByFile) return this.mountsByFile;
    const byFile = new Map<string, HaproxyMount[]>();
    for (const workload of this.model.workloads) {
      const volumeRefs = workload.configRefs.filter((ref) => ref.via === 'volume' || ref.via === 'projected');
      if (volumeRefs.length === 0) continue;
      for (const container of workload.containers) {
        if (container.init) continue;
        const commandLine = [...container.command, ...container.args].map((arg) => arg.value).join(' ');
        const haproxyImage = /(^|\/)haproxy[\w.-]*[:@]/.test(container.image ?? '');
        for (const mount of container.volumeMounts) {
          const refs = volumeRefs.filter((ref) => ref.volume === mount.name);
          if (refs.length === 0) continue;
          const carried = this.volumeCarries(refs, workload);
          const directory = mount.mountPath.value.replace(/\/+$/, '');
          const names = new Set<string>();
          if (mount.subPath === undefined) {
            for (const name of carried) names.add(name);
            if (commandLine.includes(`${directory}/`)) {
              for (const match of commandLine.matchAll(new RegExp(`${escapeRegExp(directory)}/([^\\s/'"=]+)`, 'g'))) names.add(match[1]!);
            }
            if (haproxyImage && directory === HAPROXY_IMAGE_DIRECTORY) names.add('haproxy.cfg');
          } else {
            const mountedFile = directory.slice(directory.lastIndexOf('/') + 1);
            if (carried.has(mount.subPath) || commandLine.includes(directory) || (haproxyImage && directory === `${HAPROXY_IMAGE_DIRECTORY}/haproxy.cfg`)) names.add(mountedFile);
          }
          for (const name of names) addToGroup(byFile, name, { workload, container, mount, refs });
        }
      }
    }
    this.mountsByFile = byFile;
    return byFile;
  }

  /** The file names a volume shows: item paths, or the keys of a ConfigMap or Secret the manifests define. */
  private volumeCarries(refs: ConfigRef[], workload: Workload): Set<string> {
    let carried = this.carriedBy.get(refs);
    if (!carried) {
      carried = new Set(refs.flatMap((ref) => (ref.key !== undefined ? [ref.path ?? ref.key] : Object.keys(this.configObject(ref.kind, ref.namespace, ref.name, workload)?.data ?? {}))));
      this.carriedBy.set(refs, carried);
    }
    return carried;
  }

  /** The Ingress paths (default backends included) that forward to a Service, in manifest order. */
  ingressRoutesTo(service: Service): IngressRoute[] {
    if (!this.routesByService) {
      this.routesByService = new Map();
      for (const ingress of this.model.ingresses) {
        for (const backend of ingress.backends) addToGroup(this.routesByService, key(ingress.namespace, backend.serviceName.value), { ingress, backend });
      }
    }
    return this.routesByService.get(key(service.namespace, service.name)) ?? [];
  }

  /**
   * The ways in from outside the cluster to each frontend of an HAProxy config: an Ingress path or a
   * LoadBalancer/NodePort Service whose port reaches (through its targetPort) a port the frontend binds,
   * on the pods that run the config (see haproxyMounts).
   */
  publicEntries(config: HaproxyConfig): PublicEntry[] {
    let entries = this.publicEntriesOf.get(config);
    if (entries) return entries;
    entries = [];
    const workloads = [...new Set(this.haproxyMounts(config).map((mount) => mount.workload))];
    const services = [...new Set(workloads.flatMap((workload) => this.servicesFor(workload)))];
    for (const service of services) {
      for (const servicePort of service.ports) {
        const podPort = this.targetPortNumber(service, servicePort);
        if (podPort === undefined) continue;
        const frontends = config.frontends.filter((frontend) => frontend.binds.some((bind) => bindPorts(bind.value).includes(podPort)));
        const routes = this.ingressRoutesTo(service).filter(
          ({ ingress, backend }) =>
            this.deployedTogether(ingress, service) &&
            (typeof backend.servicePort.value === 'number' ? backend.servicePort.value === servicePort.port : backend.servicePort.value === servicePort.name),
        );
        const direct = service.type === 'LoadBalancer' || service.type === 'NodePort';
        for (const frontend of frontends) {
          if (direct) entries.push({ frontend, service, servicePort, ingress: undefined });
          for (const ingress of routes) entries.push({ frontend, service, servicePort, ingress });
        }
      }
    }
    this.publicEntriesOf.set(config, entries);
    return entries;
  }
  /**
   * The Service that answers a cluster name in a namespace. Seam: Services that operators and
   * Helm releases create at run time (CloudNativePG `-rw`, a Pooler's own name …) will be found here too.
   */
  providedService(namespace: string, name: string, from?: KubeRef): Service | undefined {
    return from === undefined ? this.service(namespace, name) : this.serviceFor(from, namespace, name);
  }
  /** The HAProxy configs a workload's pods run (the inverse of haproxyMounts), in model order. */
  haproxyConfigsRunBy(workload: Workload): HaproxyConfig[] {
    if (!this.haproxyByWorkload) {
      this.haproxyByWorkload = new Map();
      for (const config of this.model.haproxy) {
        for (const ran of new Set(this.haproxyMounts(config).map((mount) => mount.workload))) addToGroup(this.haproxyByWorkload, ran, config);
      }
    }
    return this.haproxyByWorkload.get(workload) ?? [];
  }

  /** Objects of that name (Services, Secrets, ConfigMaps) that operators, Helm releases or the cluster create, in every namespace. */
  runtimeObjectsNamed(name: string): RuntimeObject[] {
    return this.created.runtime.objects.filter((object) => object.name === name);
  }

  /** Objects of a kind that operators, Helm releases or the cluster create in a namespace. */
  runtimeObjectsIn(namespace: string, kind: RuntimeObject['kind']): RuntimeObject[] {
    return this.created.runtime.objects.filter((object) => object.kind === kind && object.namespace === namespace);
  }

  /** Pods that operators and Helm releases run in a namespace (their labels). */
  runtimePodsIn(namespace: string): RuntimePods[] {
    return this.created.podsByNamespace.get(namespace) ?? [];
  }

  /** Releases and custom resources of a namespace whose creations docdrift cannot tell: they may run any pods. */
  unverifiedCreatorsIn(namespace: string): UnverifiedCreator[] {
    return this.created.runtime.unverified.filter((creator) => creator.namespace === namespace);
  }
}

/** The name of the file HAProxy reads: the ConfigMap key it is written under, else the file's own name. */
export function haproxyFileName(config: HaproxyConfig): string {
  return config.embedded?.key ?? config.file.slice(config.file.lastIndexOf('/') + 1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Whether a workload kind has a replica count: Deployments, StatefulSets, ReplicaSets, ReplicationControllers and bare Pods (one). */
export function hasReplicaCount(workload: Pick<Workload, 'kind'>): boolean {
  return workload.kind !== 'DaemonSet' && workload.kind !== 'Job' && workload.kind !== 'CronJob';
}
