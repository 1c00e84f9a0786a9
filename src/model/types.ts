/**
 * The shared vocabulary of docdrift: every fact that a parser extracts carries
 * its Source, so any finding can point at the exact place it came from.
 */

/** A place in a file: root-relative POSIX path, 1-based lines and columns (end inclusive line, exclusive column). */
export interface Source {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A value together with where it was written. */
export interface Located<T> {
  value: T;
  source: Source;
}

export type Severity = 'error' | 'warning' | 'info';
export type Impact = 'critical' | 'high' | 'medium' | 'low';

/** Something a parser could not read, or chose to skip; rules turn these into findings. */
export interface ParseProblem {
  kind: 'parse-error' | 'skipped-file' | 'invalid-directive';
  message: string;
  source: Source;
  /** Lower than the rule's severity when the file is still read (YAML that kubectl accepts but the spec does not). */
  severity?: Severity;
}

// ---------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------

/** Identity shared by every Kubernetes object docdrift models. */
export interface KubeRef {
  kind: string;
  apiVersion: string;
  name: string;
  /** metadata.namespace, or the default namespace when the manifest omits it. */
  namespace: string;
  /** Set when the manifest omits metadata.namespace: whoever applies it (an Argo CD Application) may choose it. */
  namespaceOmitted?: true;
  /** Where metadata.name is written (the best anchor for a finding about the object). */
  source: Source;
  /** The whole YAML document. */
  documentSource: Source;
  labels: Record<string, Located<string>>;
  annotations: Record<string, Located<string>>;
  /** The deployment unit the object is applied in (DeploymentUnit.id); set when units are built. */
  unit?: string;
}

export interface ContainerPort {
  name: string | undefined;
  containerPort: number;
  protocol: string;
  source: Source;
}

/** One `env` entry of a container: a literal value, or where the value comes from. */
export interface ContainerEnv {
  name: string;
  /** The literal `value`, when written. */
  value: Located<string> | undefined;
  /** `valueFrom.fieldRef.fieldPath` (metadata.name, status.podIP …), when the value comes from the pod. */
  fieldPath: string | undefined;
  source: Source;
}

/** A volume mounted into a container, with the volume's origin when it is a ConfigMap or Secret. */
export interface VolumeMount {
  name: string;
  mountPath: Located<string>;
  subPath: string | undefined;
  readOnly: boolean;
  source: Source;
}

export interface Container {
  name: string;
  /** Whether it is one of the pod's `initContainers` (it runs to completion before the others start). */
  init: boolean;
  image: string | undefined;
  /** Where `image` is written (the container's source when omitted). */
  imageSource: Source;
  ports: ContainerPort[];
  env: ContainerEnv[];
  volumeMounts: VolumeMount[];
  /** `resources.requests` and `resources.limits` as written (cpu, memory …). */
  resources: { requests: Record<string, Located<string>>; limits: Record<string, Located<string>> };
  /** command and args entries, each with its position; literal block scalars map line by line (heredoc configs live here). */
  command: EmbeddedText[];
  args: EmbeddedText[];
  source: Source;
}

export type ConfigRefVia = 'volume' | 'projected' | 'envFrom' | 'env';

/** A workload's use of a ConfigMap or Secret. */
export interface ConfigRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace: string;
  via: ConfigRefVia;
  optional: boolean;
  /** For env valueFrom / items: the key read. */
  key: string | undefined;
  /** For volumes and projected volumes: the pod volume's name, which `volumeMounts[].name` refers to. */
  volume: string | undefined;
  /** For volumes with `items`: the file name (`path`) the key is written to, when it differs from the key. */
  path: string | undefined;
  source: Source;
  /** kind/name of the workload that holds the reference. */
  owner: { kind: string; name: string; namespace: string };
}

export interface Workload extends KubeRef {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Pod' | 'ReplicationController';
  /** spec.replicas; undefined when omitted (Kubernetes then defaults to 1). */
  replicas: Located<number> | undefined;
  /** Pod template labels. */
  podLabels: Record<string, Located<string>>;
  /** StatefulSet spec.serviceName. */
  serviceName: Located<string> | undefined;
  containers: Container[];
  configRefs: ConfigRef[];
  /** Names `spec.hostAliases` writes into the pods' /etc/hosts (they resolve without a Service); absent when none. */
  hostAliases?: string[];
}

export interface ServicePort {
  name: string | undefined;
  port: number;
  targetPort: number | string;
  protocol: string;
  source: Source;
  targetPortSource: Source;
}

export interface Service extends KubeRef {
  type: string;
  headless: boolean;
  /** undefined when the Service has no selector (manually managed endpoints). */
  selector: Record<string, Located<string>> | undefined;
  ports: ServicePort[];
}

export interface IngressBackendRef {
  host: string | undefined;
  path: string | undefined;
  pathType: string | undefined;
  serviceName: Located<string>;
  servicePort: Located<number | string>;
  source: Source;
}

export interface Ingress extends KubeRef {
  backends: IngressBackendRef[];
  /** `spec.ingressClassName`, else the `kubernetes.io/ingress.class` annotation; undefined: the cluster's default class. */
  ingressClass: Located<string> | undefined;
}

export interface ConfigObject extends KubeRef {
  kind: 'ConfigMap' | 'Secret';
  /** data / stringData / binaryData keys with their values (binary values are left empty). */
  data: Record<string, EmbeddedText>;
  /** True when a generator fills some keys from an env file docdrift does not read: `data` lists only some keys. */
  openKeys?: boolean;
}

/** A string embedded in a manifest, with the mapping needed to locate lines inside it. */
export interface EmbeddedText {
  value: string;
  source: Source;
  /**
   * Where line 1 of `value` starts in the manifest, and how many columns of indentation
   * the manifest adds to each following line (block scalars); undefined when the
   * string is a flow scalar whose lines cannot be mapped one to one.
   */
  contentStart: { line: number; column: number; indent: number } | undefined;
}

export interface Autoscaler extends KubeRef {
  target: { kind: string; name: string; source: Source };
  minReplicas: Located<number> | undefined;
  maxReplicas: Located<number>;
}

/** An object of an API group that is not Kubernetes' own: what an operator creates from (data/operators/ says what). */
export interface CustomResource extends KubeRef {
  /** `spec` as plain JSON (aliases expanded); undefined when absent or larger than docdrift keeps. */
  spec: unknown;
}

/** A YAML file that is not Kubernetes, read as Helm values for the chart tables (data/charts/). */
export interface ValuesFile {
  file: string;
  /** Dotted path (`sentinel.enabled`) → plain value (scalars and lists), for every leaf the file sets. */
  values: Record<string, unknown>;
}

/** A label selector as written: every matchLabels pair and every matchExpressions requirement must hold. */
export interface LabelSelector {
  matchLabels: Record<string, Located<string>>;
  matchExpressions: { key: string; operator: string; values: string[]; source: Source }[];
  source: Source;
}

/** One `ingress[].from[]` or `egress[].to[]` entry of a NetworkPolicy that selects pods or namespaces (ipBlock peers are left out). */
export interface NetworkPolicyPeer {
  direction: 'ingress' | 'egress';
  podSelector: LabelSelector | undefined;
  namespaceSelector: LabelSelector | undefined;
  source: Source;
}

export interface NetworkPolicy extends KubeRef {
  /** spec.podSelector: the pods the policy applies to (an empty selector selects every pod of the namespace). */
  podSelector: LabelSelector | undefined;
  peers: NetworkPolicyPeer[];
}

export interface PodDisruptionBudget extends KubeRef {
  selector: LabelSelector | undefined;
}

/** A Prometheus Operator ServiceMonitor (selects Services) or PodMonitor (selects pods). */
export interface Monitor extends KubeRef {
  kind: 'ServiceMonitor' | 'PodMonitor';
  selector: LabelSelector | undefined;
  /** spec.namespaceSelector: `any: true`, or `matchNames`; undefined means the monitor's own namespace. */
  namespaces: { any: boolean; matchNames: string[] } | undefined;
  /** endpoints[] (ServiceMonitor) or podMetricsEndpoints[] (PodMonitor): the port name each scrapes. */
  endpoints: { port: Located<string> | undefined; source: Source }[];
}

// ---------------------------------------------------------------------------
// Synapse (homeserver / worker YAML embedded in manifests)
// ---------------------------------------------------------------------------

export interface SynapseListener {
  port: Located<number>;
  type: string | undefined;
  bindAddresses: string[];
  /** Resource names of every `resources[].names` entry (client, federation, media, replication …). */
  resources: Located<string>[];
  source: Source;
}

export interface InstanceMapEntry {
  name: Located<string>;
  host: Located<string> | undefined;
  port: Located<number> | undefined;
  path: Located<string> | undefined;
  source: Source;
}

export interface StreamWriters {
  stream: Located<string>;
  writers: Located<string>[];
}

/** One Synapse YAML document found inside a manifest (ConfigMap data key or container heredoc). */
export interface SynapseConfig {
  /** Where the YAML was embedded. */
  origin:
    | { type: 'configmap'; configMap: string; namespace: string; key: string }
    | {
        type: 'heredoc';
        workload: string;
        namespace: string;
        container: string;
        path: string | undefined;
        /** The script holding it: index in the container's command + args, 0-based line of the body, and whether the shell expands `$…` in it (unquoted delimiter). */
        script: { index: number; line: number; expands: boolean };
      };
  source: Source;
  /**
   * Where the text it was read from is written: the ConfigMap value, the container's command or
   * args entry, or the start of the file a configMapGenerator reads. The copies a unit makes of
   * that ConfigMap or workload are found by it.
   */
  textSource: Source;
  /** The deployment unit whose ConfigMap or workload holds it (DeploymentUnit.id); set when units are built. */
  unit?: string;
  workerApp: Located<string> | undefined;
  /** worker_name as written; may contain a template such as ${POD_NAME}. */
  workerName: Located<string> | undefined;
  listeners: SynapseListener[];
  instanceMap: InstanceMapEntry[];
  streamWriters: StreamWriters[];
  federationSenderInstances: Located<string>[];
  /** Other top-level keys that rules read (enable_media_repo, send_federation, redis.enabled …), as plain values. */
  settings: Record<string, Located<unknown>>;
}

/**
 * A Synapse config read from a plain YAML file (`homeserver.yaml`), which a configMapGenerator may
 * put in a ConfigMap: the units tie it to that ConfigMap, as rendered.
 */
export type SynapseFileConfig = Omit<SynapseConfig, 'origin'> & { origin: { type: 'file'; path: string } };

// ---------------------------------------------------------------------------
// HAProxy
// ---------------------------------------------------------------------------

export type HaproxySectionType =
  | 'global'
  | 'defaults'
  | 'frontend'
  | 'backend'
  | 'listen'
  | 'resolvers'
  | 'peers'
  | 'userlist'
  | 'mailers'
  | 'program'
  | 'http-errors'
  | 'ring'
  | 'cache'
  | 'crt-store'
  | 'traces'
  | 'log-forward';

/** One configuration line: keyword and arguments after unquoting and unescaping. */
export interface HaproxyLine {
  keyword: string;
  args: Located<string>[];
  source: Source;
  /** Text after an unquoted '#', without the '#'. */
  comment: string | undefined;
}

export interface HaproxySection {
  type: HaproxySectionType;
  name: string | undefined;
  /** The section header line. */
  source: Source;
  lines: HaproxyLine[];
}

export interface Acl {
  name: string;
  /** The sample fetch with its arguments as written, e.g. `path_beg`, `hdr(host)`, `nbsrv(sync)`. */
  fetch: string;
  /** Flags before the patterns: -i, -m beg, -f file, -n … */
  flags: string[];
  /** The match method after derivation: `beg` for path_beg, the -m value when given, else the fetch default. */
  matchMethod: string | undefined;
  patterns: Located<string>[];
  source: Source;
}

export interface ConditionTerm {
  negated: boolean;
  /** A named ACL, or an anonymous `{ … }` one. */
  acl: { kind: 'named'; name: Located<string> } | { kind: 'anonymous'; acl: Acl };
}

/** A condition after if/unless: OR of AND-groups of terms. */
export interface Condition {
  polarity: 'if' | 'unless';
  anyOf: ConditionTerm[][];
  source: Source;
}

export interface UseBackendRule {
  backend: Located<string>;
  /** true when the name is a log-format expression resolved at run time (contains %[…]). */
  dynamic: boolean;
  condition: Condition | undefined;
  source: Source;
}

export interface SrvName {
  portName: string;
  protocol: string;
  service: string;
  namespace: string | undefined;
  /** e.g. svc.cluster.local */
  domain: string | undefined;
}

export interface HaproxyServer {
  kind: 'server' | 'server-template';
  name: Located<string>;
  /** Address as written (host, host:port, _port._tcp.svc…). */
  address: Located<string>;
  host: string;
  port: number | undefined;
  /** Parsed when the host is a DNS SRV label (starts with '_'); `malformed` explains a bad one. */
  srv: SrvName | undefined;
  malformedSrv: string | undefined;
  /** server-template slot count: N, or HIGH - LOW + 1 for a LOW-HIGH range (not its upper bound). */
  slots: Located<number> | undefined;
  backup: boolean;
  resolvers: string | undefined;
  /** Every argument after the address. */
  options: Located<string>[];
  source: Source;
}

/** A frontend, or the frontend half of a listen section. */
export interface HaproxyFrontend {
  name: string;
  section: 'frontend' | 'listen';
  source: Source;
  binds: Located<string>[];
  acls: Acl[];
  useBackends: UseBackendRule[];
  defaultBackend: Located<string> | undefined;
}

/** A backend, or the backend half of a listen section. */
export interface HaproxyBackend {
  name: string;
  section: 'backend' | 'listen';
  source: Source;
  balance: Located<string> | undefined;
  acls: Acl[];
  servers: HaproxyServer[];
  /** `option httpchk` / `http-check send` URI when present. */
  healthCheck: Located<string> | undefined;
}

export interface HaproxyConfig {
  file: string;
  sections: HaproxySection[];
  /** The defaults section's default_backend is folded into each frontend that lacks one. */
  frontends: HaproxyFrontend[];
  backends: HaproxyBackend[];
  resolvers: Located<string>[];
  /** Lines that end in a backslash: HAProxy does not join lines, so each is a finding. */
  lineContinuations: Source[];
  /** `# docdrift-ignore rule-id` comments: which rules they silence, on which line, and where the comment is written. */
  suppressions: { ruleIds: string[]; source: Source; comment: Source }[];
  /** The end of a last line that has no line feed (HAProxy refuses the file); undefined when the file ends with one. */
  unterminatedLastLine?: Source;
  /** Set when the config is written inside a manifest (`file`), under this ConfigMap key: the file HAProxy reads is `key`. */
  embedded?: { configMap: string; namespace: string; key: string };
}

// ---------------------------------------------------------------------------
// Files and the deployed model
// ---------------------------------------------------------------------------

/** `build`: Makefiles, read only for the manifest files they build from others. */
export type FileRole = 'doc' | 'manifest' | 'haproxy' | 'script' | 'build';

export interface DiscoveredFile {
  /** Root-relative POSIX path. */
  path: string;
  role: FileRole;
  size: number;
}

/**
 * A set of objects applied together: a folder of plain manifests, a kustomization (rendered), a
 * generated bundle, a Helm chart (skipped unless rendered).
 */
export interface DeploymentUnit {
  /** Root-relative folder ('.' for the root), or the file of a bundle. */
  id: string;
  /** The name the config gives it (`units.names`), when it gives one. */
  name?: string;
  kind: 'folder' | 'bundle' | 'kustomization' | 'component' | 'chart';
  /** The folder (or bundle file), root-relative. */
  path: string;
  /** Where the unit is defined: its kustomization's kind line, Chart.yaml, its first object. */
  source: Source;
  /** 'skipped': not rendered, so no rule reads any part of it. */
  status: 'checked' | 'skipped';
  /** Manifest files whose objects it holds. */
  files: string[];
  /** Number of objects it holds. */
  objects: number;
  /** Units it renders inside itself (kustomize bases and components that are units of their own). */
  includes: string[];
  /** Other packagings of mostly the same objects (a bundle and the folder it was built from): deployed instead of this one. */
  alternatives: string[];
  /** Units of which this one redefines a few objects (an add-on folder applied on top of a base). */
  overlays: string[];
  /** The GitOps objects that apply it (`Application web`), with where their path is written. */
  appliedBy: Located<string>[];
  /** Makefile or script lines that write its file from other units (so those are its alternatives). */
  builtBy: BuildEvidence[];
}

/** A Makefile or script line that builds a unit's file from other units' files (`cat parts/*.yaml > all.yaml`). */
export interface BuildEvidence {
  /** The units it is built from (ids). */
  from: string[];
  /** The command: `cat`, `kustomize build`, `helm template` … */
  command: string;
  /** The command line. */
  source: Source;
}

/** What the manifests and haproxy configs say is running: the truth docs are checked against. */
export interface DeployedModel {
  /** The deployment units, by id. Objects of several units may share a kind, namespace and name. */
  units: DeploymentUnit[];
  /** Every Kubernetes object with its identity, for duplicate detection. */
  resources: KubeRef[];
  workloads: Workload[];
  services: Service[];
  ingresses: Ingress[];
  configObjects: ConfigObject[];
  autoscalers: Autoscaler[];
  /** Objects of operators' API groups (custom resources), in manifest order. */
  customResources: CustomResource[];
  /** YAML files that are not Kubernetes, as Helm values, in path order. */
  valuesFiles: ValuesFile[];
  networkPolicies: NetworkPolicy[];
  disruptionBudgets: PodDisruptionBudget[];
  monitors: Monitor[];
  haproxy: HaproxyConfig[];
  synapse: SynapseConfig[];
}
