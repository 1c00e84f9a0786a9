/**
 * Kubernetes manifests → positioned model objects.
 *
 * One pure function, `parseKubernetes(file, text, options)`: multi-document YAML, `List`
 * kinds, anchors/aliases/merge keys, Helm templates skipped, non-Kubernetes YAML left
 * alone. Every extracted value carries the Source where it is written. Never throws.
 */
import { parseAllDocuments, isNode, isScalar, visit, Scalar } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type {
  Autoscaler,
  ConfigObject,
  ConfigRef,
  ConfigRefVia,
  Container,
  ContainerEnv,
  ContainerPort,
  CustomResource,
  EmbeddedText,
  Ingress,
  IngressBackendRef,
  KubeRef,
  LabelSelector,
  Located,
  Monitor,
  NetworkPolicy,
  NetworkPolicyPeer,
  ParseProblem,
  PodDisruptionBudget,
  Service,
  ServicePort,
  Source,
  VolumeMount,
  Workload,
} from '../model/types.ts';
import { MAX_YAML_DEPTH, YamlNav, fileStart, lineCounterFor, literalContentStart, nestedTooDeep, sourceOfRange } from './yaml-positions.ts';
import type { PositionContext } from './yaml-positions.ts';

export interface KubernetesFile {
  file: string;
  /**
   * 'kubernetes' when at least one document is a Kubernetes object; 'other' for non-Kubernetes
   * YAML (Helm values, docker-compose, GitHub workflows, mkdocs, kustomization.yaml…), left alone;
   * 'templated' for Helm/Go-template files, skipped.
   */
  format: 'kubernetes' | 'other' | 'templated';
  /** Every object's identity (workloads, services… included), in file order. */
  resources: KubeRef[];
  workloads: Workload[];
  services: Service[];
  ingresses: Ingress[];
  configObjects: ConfigObject[];
  autoscalers: Autoscaler[];
  /** Folders that GitOps objects (Argo CD Applications, Flux Kustomizations) apply, each as one unit. */
  gitopsPaths: GitopsPath[];
  /** Objects of operators' API groups, with their spec (the runtime tables, data/operators/, say what they create). */
  customResources: CustomResource[];
  /** For YAML that is not Kubernetes: its first document as Helm values (see plainValues). */
  values: Record<string, unknown> | undefined;
  networkPolicies: NetworkPolicy[];
  disruptionBudgets: PodDisruptionBudget[];
  monitors: Monitor[];
  problems: ParseProblem[];
}

/** `spec.source.path` of an Argo CD Application, `spec.path` of a Flux Kustomization. */
export interface GitopsPath {
  /** `Application ledger`, `Kustomization apps`. */
  owner: string;
  path: Located<string>;
  /** Whether every folder below the path is applied too (Flux; Argo CD with `directory.recurse`). */
  recursive: boolean;
  /**
   * The namespace it applies into: Argo CD's `destination.namespace` for objects that name none,
   * Flux's `targetNamespace` for every namespaced object (`overrides`).
   */
  namespace?: { value: string; overrides: boolean };
}

export interface ParseKubernetesOptions {
  defaultNamespace: string;
}

const WORKLOAD_KINDS = new Set<Workload['kind']>([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
]);

/** Stop collecting problems for one file after this many (binary junk can yield thousands). */
const MAX_PROBLEMS = 50;

const PARSE_OPTIONS = {
  merge: true,
  prettyErrors: false,
  // yaml's own duplicate-key check is quadratic in the number of keys of a map; see duplicateKeys().
  uniqueKeys: false,
  keepSourceTokens: false,
} as const;

export function parseKubernetes(file: string, text: string, options: ParseKubernetesOptions): KubernetesFile {
  try {
    return parse(file, text, options);
  } catch (error) {
    // Defensive: a bug here must not stop the other files from being checked.
    const result = emptyResult(file, 'other');
    result.problems.push({
      kind: 'parse-error',
      message: `Could not read the file as YAML: ${error instanceof Error ? error.message : String(error)}`,
      source: fileStart(file),
    });
    return result;
  }
}

function emptyResult(file: string, format: KubernetesFile['format']): KubernetesFile {
  return {
    file,
    format,
    resources: [],
    workloads: [],
    services: [],
    ingresses: [],
    configObjects: [],
    autoscalers: [],
    gitopsPaths: [],
    customResources: [],
    values: undefined,
    networkPolicies: [],
    disruptionBudgets: [],
    monitors: [],
    problems: [],
  };
}

interface State {
  result: KubernetesFile;
  ctx: PositionContext;
  defaultNamespace: string;
  /** Objects recognised (including List wrappers and objects without a name). */
  kubeDocs: number;
}

function parse(file: string, rawText: string, options: ParseKubernetesOptions): KubernetesFile {
  // A BOM is not a column: drop it so line 1 starts at column 1.
  let text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  /** Lines read the way kubectl reads them, not the way YAML 1.2 does. */
  const leniencies: number[] = [];

  if (looksBinary(text)) {
    const result = emptyResult(file, 'other');
    result.problems.push({
      kind: 'skipped-file',
      message: 'Skipped: the file contains control characters or invalid UTF-8 and does not look like YAML text.',
      source: fileStart(file),
    });
    return result;
  }
  if (maxFlowDepth(text) > MAX_FLOW_DEPTH) {
    const result = emptyResult(file, 'other');
    result.problems.push({
      kind: 'skipped-file',
      message: `Skipped: brackets nested more than ${MAX_FLOW_DEPTH} levels deep; this is not a manifest.`,
      source: fileStart(file),
    });
    return result;
  }

  let docs = parseAllDocuments(text, PARSE_OPTIONS);
  const lenient = docs.some((doc) => doc.errors.length > 0) ? indentQuotedContinuations(text) : undefined;
  if (lenient) {
    const reread = parseAllDocuments(lenient.text, PARSE_OPTIONS);
    if (reread.every((doc) => doc.errors.length === 0)) {
      docs = reread;
      text = lenient.text;
      leniencies.push(...lenient.lines);
    }
  }
  if (docs.some(nestedTooDeep)) {
    const result = emptyResult(file, 'other');
    result.problems.push({
      kind: 'skipped-file',
      message: `Skipped: YAML nested more than ${MAX_YAML_DEPTH} levels deep; this is not a manifest.`,
      source: fileStart(file),
    });
    return result;
  }
  const lineCounter = lineCounterFor(text);
  const ctx: PositionContext = { text, lineCounter, file };

  // Only files that look like manifests can be templated manifests (GitHub workflows use `${{ }}` too).
  const template = looksLikeKubernetesText(text, true) ? findTemplate(text, docs) : undefined;
  if (template) {
    const result = emptyResult(file, 'templated');
    const source = sourceOfRange(ctx, template.start, template.end);
    result.problems.push({
      kind: 'skipped-file',
      message: `Skipped: template syntax \`${template.snippet}\` at line ${source.line} (Helm/Go template); templated manifests are not Kubernetes YAML until rendered.`,
      source,
    });
    return result;
  }

  const state: State = {
    result: emptyResult(file, 'other'),
    ctx,
    defaultNamespace: options.defaultNamespace,
    kubeDocs: 0,
  };
  const problems: ParseProblem[] = [];
  let brokenKubeDocs = 0;

  for (const doc of docs) {
    // Only the first syntax error of a document: the rest usually follow from it.
    const fatal = doc.errors[0];
    if (fatal) {
      problems.push(yamlProblem(ctx, fatal));
      const [start, , end] = doc.range;
      if (looksLikeKubernetesText(text.slice(start, end))) brokenKubeDocs++;
      continue;
    }
    const contents = doc.contents;
    if (!isNode(contents)) continue;
    problems.push(...duplicateKeys(ctx, doc));
    const nav = new YamlNav(doc as Document, ctx);
    readObject(state, nav, contents, 0);
  }

  const result = state.result;
  if (state.kubeDocs > 0 || brokenKubeDocs > 0) {
    result.format = 'kubernetes';
    result.problems.push(...problems);
    for (const line of leniencies) {
      result.problems.push({
        kind: 'parse-error',
        severity: 'warning',
        message: 'A quoted string continues at its key\'s indentation: kubectl accepts this, the YAML spec does not (other YAML tools reject the file). Indent the continuation lines past the key.',
        source: { file, line, column: 1, endLine: line, endColumn: 1 },
      });
    }
  } else {
    result.values = plainValues(ctx, docs);
  }
  result.problems.sort((x, y) => x.source.line - y.source.line || x.source.column - y.source.column);
  if (result.problems.length > MAX_PROBLEMS) {
    const extra = result.problems.length - MAX_PROBLEMS;
    result.problems.length = MAX_PROBLEMS;
    result.problems.push({
      kind: 'parse-error',
      message: `${extra} more problems in this file not shown.`,
      source: fileStart(file),
    });
  }
  return result;
}

/**
 * kubectl (Go's YAML reader) accepts a multi-line quoted scalar whose continuation lines or closing
 * quote sit at or left of its key's indentation; YAML 1.2 does not. This indents such lines one
 * column past the key, so the strict parser reads what kubectl reads. Line numbers stay the same.
 */
function indentQuotedContinuations(text: string): { text: string; lines: number[] } | undefined {
  const lines = text.split('\n');
  const changed: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = /^( *)(?:- +)?[^\s#'"{[][^:#]*: +(['"])(.*)$/.exec(lines[index]!);
    if (!opening || closes(opening[3]!, opening[2]!)) continue;
    const keyIndent = opening[1]!.length;
    for (let next = index + 1; next < lines.length; next++) {
      const line = lines[next]!;
      const indent = line.length - line.trimStart().length;
      if (line.trim() !== '' && indent <= keyIndent) {
        lines[next] = ' '.repeat(keyIndent + 1 - indent) + line;
        changed.push(next + 1);
      }
      if (closes(line, opening[2]!)) {
        index = next;
        break;
      }
    }
  }
  return changed.length > 0 ? { text: lines.join('\n'), lines: changed } : undefined;
}

/** Whether a quoted scalar's text closes on this line: a quote not escaped (`''` in single quotes, `\\"` in double). */
function closes(rest: string, quote: string): boolean {
  for (let i = 0; i < rest.length; i++) {
    if (quote === '"' && rest[i] === '\\') i++;
    else if (rest[i] === quote) {
      if (quote === "'" && rest[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}

/** NUL, other C0 controls or U+FFFD (bytes that were not UTF-8) in the first 64 KiB. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 65536);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) odd++;
  }
  return odd > 8 && odd * 100 > n;
}

const MAX_FLOW_DEPTH = 1000;

/** Deepest `[`/`{` nesting (approximate: quotes ignored), so pathological nesting is refused before parsing. */
function maxFlowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 93 || c === 125) && depth > 0) {
      depth--;
    }
  }
  return max;
}

/** Duplicate scalar keys in any map (one pass with a Set per map; Kubernetes rejects them). */
function duplicateKeys(ctx: PositionContext, doc: Document.Parsed): ParseProblem[] {
  const out: ParseProblem[] = [];
  visit(doc, {
    Map(_key, map) {
      if (map.items.length < 2 || out.length > MAX_PROBLEMS) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k) || !k.range) continue;
        const v: unknown = k.value;
        if (typeof v === 'symbol' || (typeof v === 'object' && v !== null)) continue;
        const id = `${typeof v}:${String(v)}`;
        if (seen.has(id)) {
          out.push({
            kind: 'parse-error',
            message: `YAML duplicate key: ${String(v)} is already defined in this mapping (the last value is used here; kubectl rejects it).`,
            source: sourceOfRange(ctx, k.range[0], k.range[1]),
          });
        } else {
          seen.add(id);
        }
      }
    },
  });
  return out;
}

function looksLikeKubernetesText(text: string, indented = false): boolean {
  if (indented) return /^[ \t-]*apiVersion[ \t]*:/m.test(text) && /^[ \t-]*kind[ \t]*:/m.test(text);
  return /^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text);
}

function yamlProblem(ctx: PositionContext, error: YAMLError): ParseProblem {
  const [start, end] = error.pos;
  return {
    kind: 'parse-error',
    message: `YAML syntax error: ${firstLine(error.message)}`,
    source: sourceOfRange(ctx, start, Math.max(end, start)),
  };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

// ---------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------

/** Go template actions that only Helm charts use (kept narrow: `{{ $labels.x }}` in alert rules is data). */
const HELM_ACTION =
  /^\{\{-|-\}\}$|\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\b(?:include|toYaml|toJson|nindent|tpl|required|lookup)\b/;

interface TemplateHit {
  start: number;
  end: number;
  snippet: string;
}

/**
 * The first `{{ … }}` that makes the file a template: one written where YAML structure is
 * (not inside a scalar, not in a comment), or a Helm-looking action in an unquoted scalar.
 * Text inside a quoted or block string is just text (a checksum annotation, alert templates,
 * Jinja in a ConfigMap): the file is valid YAML and its objects exist.
 */
function findTemplate(text: string, docs: readonly Document.Parsed[]): TemplateHit | undefined {
  if (!text.includes('{{')) return undefined;
  const plain: Array<[number, number]> = [];
  const quoted: Array<[number, number]> = [];
  // A templated name makes the object's identity unknown, quoted or not.
  const names: Array<[number, number]> = [];
  for (const doc of docs) {
    visit(doc, {
      Scalar(_key, node) {
        if (node.range) (node.type === Scalar.PLAIN || node.type === undefined ? plain : quoted).push([node.range[0], node.range[1]]);
      },
      Pair(_key, pair) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if ((key === 'name' || key === 'namespace') && isScalar(pair.value) && pair.value.range) names.push([pair.value.range[0], pair.value.range[1]]);
      },
    });
  }
  for (const ranges of [plain, quoted, names]) ranges.sort((a, b) => a[0] - b[0]);
  const within = (ranges: Array<[number, number]>, offset: number): boolean => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid]!;
      if (offset < r[0]) hi = mid - 1;
      else if (offset >= r[1]) lo = mid + 1;
      else return true;
    }
    return false;
  };
  const inScalar = (offset: number): boolean => within(plain, offset) || within(quoted, offset);
  const inComment = (offset: number): boolean => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    for (let i = lineStart; i < offset; i++) {
      if (text.charCodeAt(i) !== 35 /* # */) continue;
      const prev = i === lineStart ? 32 : text.charCodeAt(i - 1);
      if ((prev === 32 || prev === 9) && !inScalar(i)) return true;
    }
    return false;
  };

  const re = /\{\{/g;
  let m: RegExpExecArray | null;
  let checked = 0;
  while ((m = re.exec(text)) !== null) {
    if (++checked > 10000) break;
    const start = m.index;
    const close = text.indexOf('}}', start + 2);
    const lineEnd = text.indexOf('\n', start);
    const end = close >= 0 && (lineEnd < 0 || close < lineEnd) ? close + 2 : lineEnd < 0 ? text.length : lineEnd;
    const action = text.slice(start, end).replace(/\r$/, '');
    re.lastIndex = Math.max(end, start + 2);
    if (start > 0 && text.charCodeAt(start - 1) === 36 /* $ */) continue; // ${{ }}: GitHub Actions, not Go
    if (inComment(start)) continue;
    if (within(quoted, start) && !(within(names, start) && HELM_ACTION.test(action))) continue;
    if (within(plain, start) && !HELM_ACTION.test(action)) continue;
    return { start, end, snippet: action.length > 60 ? `${action.slice(0, 57)}...` : action };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------

/** Kinds with apiVersion/kind that are tool configuration, not cluster objects. */
function isToolConfig(apiVersion: string, kind: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (group.endsWith('config.k8s.io')) return true; // kustomize, kubelet, kube-proxy, apiserver… configs
  if (group === 'kubeadm.k8s.io' || group === 'kind.x-k8s.io') return true;
  if (apiVersion.startsWith('skaffold/')) return true;
  if (apiVersion === 'v1' && kind === 'Config') return true; // kubeconfig
  return false;
}

function readObject(state: State, nav: YamlNav, node: Node, depth: number): void {
  const map = nav.map(node);
  if (!map) return;
  const apiVersion = nav.strictStr(nav.get(map, 'apiVersion'));
  const kind = nav.strictStr(nav.get(map, 'kind'));
  if (!apiVersion || !kind || isToolConfig(apiVersion, kind)) return;
  state.kubeDocs++;

  const itemsNode = nav.get(map, 'items');
  if (kind === 'List' || (kind.endsWith('List') && nav.seq(itemsNode))) {
    if (depth > 8) return;
    for (const item of nav.items(itemsNode)) readObject(state, nav, item, depth + 1);
    return;
  }

  const ref = readRef(state, nav, node, apiVersion, kind);
  if (!ref) return;
  const result = state.result;
  result.resources.push(ref);
  if ((WORKLOAD_KINDS as Set<string>).has(kind)) result.workloads.push(readWorkload(nav, node, ref));
  else if (kind === 'Service') result.services.push(readService(nav, node, ref));
  else if (kind === 'Ingress') result.ingresses.push(readIngress(nav, node, ref));
  else if (kind === 'ConfigMap' || kind === 'Secret') result.configObjects.push(readConfigObject(nav, node, ref));
  else if (kind === 'ServiceMonitor' || kind === 'PodMonitor') result.monitors.push(readMonitor(nav, node, ref, kind));
  else if (isCustomApiVersion(apiVersion)) {
    result.customResources.push({ ...ref, spec: boundedJson(nav, nav.get(node, 'spec')) });
    result.gitopsPaths.push(...readGitopsPaths(nav, node, ref));
  } else if (kind === 'HorizontalPodAutoscaler') {
    const hpa = readAutoscaler(nav, node, ref);
    if (hpa) result.autoscalers.push(hpa);
  } else if (kind === 'NetworkPolicy') result.networkPolicies.push(readNetworkPolicy(nav, node, ref));
  else if (kind === 'PodDisruptionBudget') result.disruptionBudgets.push({ ...ref, selector: readSelector(nav, nav.at(node, ['spec', 'selector'])) });
}

/** The folders an Argo CD Application (`spec.source.path`, `spec.sources[].path`) or a Flux Kustomization (`spec.path`) applies. */
function readGitopsPaths(nav: YamlNav, node: Node, ref: KubeRef): GitopsPath[] {
  const spec = nav.get(node, 'spec');
  if (ref.kind === 'Application' && ref.apiVersion.startsWith('argoproj.io/')) {
    const destination = nav.str(nav.at(spec, ['destination', 'namespace']));
    const namespace = destination ? { namespace: { value: destination, overrides: false } } : {};
    return [nav.get(spec, 'source'), ...nav.items(nav.get(spec, 'sources'))].flatMap((source) => {
      const path = nav.locStr(source, 'path');
      return path ? [{ owner: `Application ${ref.name}`, path, recursive: nav.bool(nav.at(source, ['directory', 'recurse'])) ?? false, ...namespace }] : [];
    });
  }
  if (ref.kind === 'Kustomization' && ref.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) {
    const path = nav.locStr(spec, 'path');
    const target = nav.str(nav.get(spec, 'targetNamespace'));
    return path ? [{ owner: `Kustomization ${ref.name}`, path, recursive: true, ...(target ? { namespace: { value: target, overrides: true } } : {}) }] : [];
  }
  return [];
}

/** An API group that is not Kubernetes' own (`postgresql.cnpg.io/v1`, not `apps/v1` or `networking.k8s.io/v1`): an operator's custom resource. */
export function isCustomApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io');
}

/** Custom resource specs larger than this (as JSON) are not kept: the runtime tables read a few small fields. */
const MAX_SPEC_JSON = 64 * 1024;

function boundedJson(nav: YamlNav, node: Node | undefined): unknown {
  const value = nav.toJS(node);
  return value === undefined || JSON.stringify(value).length > MAX_SPEC_JSON ? undefined : value;
}

/** More entries than this and a YAML file is not kept as Helm values (no values file comes near). */
const MAX_VALUES = 20000;

/**
 * The first YAML document as Helm values, flattened to dotted paths (`sentinel.enabled`), for the
 * chart tables: scalars and lists as plain JSON, maps walked. Undefined when the root is not a map.
 */
function plainValues(ctx: PositionContext, docs: readonly Document.Parsed[]): Record<string, unknown> | undefined {
  const doc = docs.find((entry) => entry.errors.length === 0 && isNode(entry.contents));
  if (!doc) return undefined;
  const nav = new YamlNav(doc as Document, ctx);
  const values: Record<string, unknown> = {};
  let count = 0;
  // Every entry counts, maps included: aliases can make a small file a huge tree.
  const walk = (node: unknown, prefix: string, depth: number): boolean => {
    for (const entry of nav.entries(node)) {
      if (++count > MAX_VALUES) return false;
      const path = `${prefix}${entry.key}`;
      if (nav.map(entry.value) && depth < MAX_YAML_DEPTH) {
        if (!walk(entry.value, `${path}.`, depth + 1)) return false;
        continue;
      }
      const value = boundedJson(nav, entry.value);
      if (value !== undefined) values[path] = value;
    }
    return true;
  };
  if (!nav.map(doc.contents) || !walk(doc.contents, '', 0)) return undefined;
  return values;
}

function readRef(state: State, nav: YamlNav, node: Node, apiVersion: string, kind: string): KubeRef | undefined {
  const metadata = nav.get(node, 'metadata');
  const nameNode = nav.get(metadata, 'name') ?? nav.get(metadata, 'generateName');
  const name = nav.str(nameNode);
  const documentSource = nav.source(node);
  if (nameNode === undefined || name === undefined || name === '') {
    state.result.problems.push({
      kind: 'parse-error',
      message: `${kind} has no metadata.name; Kubernetes rejects objects without a name, so it is ignored.`,
      source: nav.source(nav.get(node, 'kind') ?? node),
    });
    return undefined;
  }
  const namespace = nav.str(nav.get(metadata, 'namespace'));
  return {
    kind,
    apiVersion,
    name,
    namespace: namespace || state.defaultNamespace,
    ...(namespace ? {} : { namespaceOmitted: true as const }),
    source: nav.source(nameNode),
    documentSource,
    labels: nav.stringMap(nav.get(metadata, 'labels')),
    annotations: nav.stringMap(nav.get(metadata, 'annotations')),
  };
}

// ---------------------------------------------------------------------------
// Workloads
// ---------------------------------------------------------------------------

function readWorkload(nav: YamlNav, node: Node, ref: KubeRef): Workload {
  const kind = ref.kind as Workload['kind'];
  let template: Node | undefined;
  if (kind === 'Pod') template = node;
  else if (kind === 'CronJob') template = nav.at(node, ['spec', 'jobTemplate', 'spec', 'template']);
  else template = nav.at(node, ['spec', 'template']);

  const spec = nav.get(node, 'spec');
  const podSpec = nav.get(template, 'spec');
  const owner = { kind: ref.kind, name: ref.name, namespace: ref.namespace };

  const containers: Container[] = [];
  const configRefs: ConfigRef[] = [];
  for (const field of ['initContainers', 'containers']) {
    for (const c of nav.items(nav.get(podSpec, field))) {
      containers.push(readContainer(nav, c, field === 'initContainers'));
      configRefs.push(...containerConfigRefs(nav, c, owner));
    }
  }
  configRefs.push(...volumeConfigRefs(nav, podSpec, owner));
  configRefs.sort(bySource);
  containers.sort(bySource);
  const hostAliases = nav.items(nav.get(podSpec, 'hostAliases')).flatMap((alias) => nav.items(nav.get(alias, 'hostnames')).flatMap((name) => nav.str(name) ?? []));

  return {
    ...ref,
    kind,
    replicas: specifiesReplicas(kind) ? nav.locNum(spec, 'replicas') : undefined,
    podLabels: nav.stringMap(nav.at(template, ['metadata', 'labels'])),
    serviceName: kind === 'StatefulSet' ? nav.locStr(spec, 'serviceName') : undefined,
    containers,
    configRefs,
    ...(hostAliases.length > 0 ? { hostAliases } : {}),
  };
}

/** Kinds whose `spec.replicas` sets how many pods run. */
export function specifiesReplicas(kind: string): boolean {
  return kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet' || kind === 'ReplicationController';
}

function bySource(a: { source: Source }, b: { source: Source }): number {
  return a.source.line - b.source.line || a.source.column - b.source.column;
}

function readContainer(nav: YamlNav, node: Node, init: boolean): Container {
  const ports: ContainerPort[] = [];
  for (const p of nav.items(nav.get(node, 'ports'))) {
    const containerPort = nav.num(nav.get(p, 'containerPort'));
    if (containerPort === undefined) continue;
    ports.push({
      name: nav.str(nav.get(p, 'name')),
      containerPort,
      protocol: nav.str(nav.get(p, 'protocol')) ?? 'TCP',
      source: nav.source(p),
    });
  }
  const imageNode = nav.get(node, 'image');
  const resources = nav.get(node, 'resources');
  return {
    name: nav.str(nav.get(node, 'name')) ?? '',
    init,
    image: nav.str(imageNode),
    imageSource: nav.source(imageNode ?? node),
    ports,
    env: readEnv(nav, nav.get(node, 'env')),
    volumeMounts: readVolumeMounts(nav, nav.get(node, 'volumeMounts')),
    resources: { requests: nav.stringMap(nav.get(resources, 'requests')), limits: nav.stringMap(nav.get(resources, 'limits')) },
    command: readArgs(nav, nav.get(node, 'command')),
    args: readArgs(nav, nav.get(node, 'args')),
    source: nav.source(node),
  };
}

function readEnv(nav: YamlNav, node: Node | undefined): ContainerEnv[] {
  const out: ContainerEnv[] = [];
  for (const entry of nav.items(node)) {
    const name = nav.str(nav.get(entry, 'name'));
    if (name === undefined) continue;
    out.push({
      name,
      value: nav.locStr(entry, 'value'),
      fieldPath: nav.str(nav.at(entry, ['valueFrom', 'fieldRef', 'fieldPath'])),
      source: nav.source(entry),
    });
  }
  return out;
}

function readVolumeMounts(nav: YamlNav, node: Node | undefined): VolumeMount[] {
  const out: VolumeMount[] = [];
  for (const entry of nav.items(node)) {
    const name = nav.str(nav.get(entry, 'name'));
    const mountPath = nav.locStr(entry, 'mountPath');
    if (name === undefined || !mountPath) continue;
    out.push({ name, mountPath, subPath: nav.str(nav.get(entry, 'subPath')), readOnly: nav.bool(nav.get(entry, 'readOnly')) ?? false, source: nav.source(entry) });
  }
  return out;
}

function readArgs(nav: YamlNav, node: Node | undefined): EmbeddedText[] {
  const out: EmbeddedText[] = [];
  for (const item of nav.items(node)) {
    const text = embedded(nav, item);
    if (text) out.push(text);
  }
  return out;
}

/** A scalar as EmbeddedText; `contentStart` only for literal block scalars (the only style that maps 1:1). */
function embedded(nav: YamlNav, node: Node): EmbeddedText | undefined {
  const value = nav.str(node);
  if (value === undefined) return undefined;
  return { value, source: nav.source(node), contentStart: literalContentStart(nav.pos, nav.resolve(node)) };
}

type Owner = ConfigRef['owner'];

function configRef(
  nav: YamlNav,
  kind: ConfigRef['kind'],
  via: ConfigRefVia,
  holder: Node | undefined,
  nameKey: string,
  owner: Owner,
  volume?: string,
): ConfigRef[] {
  const nameNode = nav.get(holder, nameKey);
  const name = nav.str(nameNode);
  if (holder === undefined || nameNode === undefined || !name) return [];
  const optional = nav.bool(nav.get(holder, 'optional')) ?? false;
  const base = { kind, name, namespace: owner.namespace, via, optional, owner, volume };
  if (via === 'env') {
    return [{ ...base, key: nav.str(nav.get(holder, 'key')), path: undefined, source: nav.source(nameNode) }];
  }
  // Volumes that project selected keys read exactly those keys: one reference per key.
  const items = nav.items(nav.get(holder, 'items'));
  const keyed: ConfigRef[] = [];
  for (const item of items) {
    const keyNode = nav.get(item, 'key');
    const key = nav.str(keyNode);
    if (keyNode !== undefined && key !== undefined) keyed.push({ ...base, key, path: nav.str(nav.get(item, 'path')), source: nav.source(keyNode) });
  }
  if (keyed.length > 0) return keyed;
  return [{ ...base, key: undefined, path: undefined, source: nav.source(nameNode) }];
}

function containerConfigRefs(nav: YamlNav, container: Node, owner: Owner): ConfigRef[] {
  const out: ConfigRef[] = [];
  for (const e of nav.items(nav.get(container, 'envFrom'))) {
    out.push(...configRef(nav, 'ConfigMap', 'envFrom', nav.get(e, 'configMapRef'), 'name', owner));
    out.push(...configRef(nav, 'Secret', 'envFrom', nav.get(e, 'secretRef'), 'name', owner));
  }
  for (const e of nav.items(nav.get(container, 'env'))) {
    const valueFrom = nav.get(e, 'valueFrom');
    out.push(...configRef(nav, 'ConfigMap', 'env', nav.get(valueFrom, 'configMapKeyRef'), 'name', owner));
    out.push(...configRef(nav, 'Secret', 'env', nav.get(valueFrom, 'secretKeyRef'), 'name', owner));
  }
  return out;
}

function volumeConfigRefs(nav: YamlNav, podSpec: Node | undefined, owner: Owner): ConfigRef[] {
  const out: ConfigRef[] = [];
  for (const v of nav.items(nav.get(podSpec, 'volumes'))) {
    const volume = nav.str(nav.get(v, 'name'));
    out.push(...configRef(nav, 'ConfigMap', 'volume', nav.get(v, 'configMap'), 'name', owner, volume));
    out.push(...configRef(nav, 'Secret', 'volume', nav.get(v, 'secret'), 'secretName', owner, volume));
    for (const s of nav.items(nav.at(v, ['projected', 'sources']))) {
      out.push(...configRef(nav, 'ConfigMap', 'projected', nav.get(s, 'configMap'), 'name', owner, volume));
      out.push(...configRef(nav, 'Secret', 'projected', nav.get(s, 'secret'), 'name', owner, volume));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Services and Ingresses
// ---------------------------------------------------------------------------

function readService(nav: YamlNav, node: Node, ref: KubeRef): Service {
  const spec = nav.get(node, 'spec');
  const selectorNode = nav.get(spec, 'selector');
  const ports: ServicePort[] = [];
  for (const p of nav.items(nav.get(spec, 'ports'))) {
    const port = nav.num(nav.get(p, 'port'));
    if (port === undefined) continue;
    const source = nav.source(p);
    const targetNode = nav.get(p, 'targetPort');
    const target = intOrString(nav, targetNode);
    ports.push({
      name: nav.str(nav.get(p, 'name')),
      port,
      targetPort: target ?? port,
      protocol: nav.str(nav.get(p, 'protocol')) ?? 'TCP',
      source,
      targetPortSource: target !== undefined && targetNode ? nav.source(targetNode) : source,
    });
  }
  return {
    ...ref,
    type: nav.str(nav.get(spec, 'type')) ?? 'ClusterIP',
    headless: nav.str(nav.get(spec, 'clusterIP')) === 'None',
    selector: nav.map(selectorNode) ? nav.stringMap(selectorNode) : undefined,
    ports,
  };
}

function intOrString(nav: YamlNav, node: Node | undefined): number | string | undefined {
  const n = nav.num(node);
  if (n !== undefined) return n;
  return nav.str(node);
}

function readIngress(nav: YamlNav, node: Node, ref: KubeRef): Ingress {
  const spec = nav.get(node, 'spec');
  const backends: IngressBackendRef[] = [];
  const add = (backend: Node | undefined, host: string | undefined, path: string | undefined, pathType: string | undefined, at: Node) => {
    const b = readBackend(nav, backend);
    if (b) backends.push({ host, path, pathType, ...b, source: nav.source(at) });
  };
  for (const key of ['defaultBackend', 'backend']) {
    const d = nav.get(spec, key);
    if (d !== undefined) add(d, undefined, undefined, undefined, d);
  }
  for (const rule of nav.items(nav.get(spec, 'rules'))) {
    const host = nav.str(nav.get(rule, 'host'));
    for (const p of nav.items(nav.at(rule, ['http', 'paths']))) {
      add(nav.get(p, 'backend'), host, nav.str(nav.get(p, 'path')), nav.str(nav.get(p, 'pathType')), p);
    }
  }
  // spec.ingressClassName, or the annotation that preceded it (the field wins when both are written).
  const classNode = nav.get(spec, 'ingressClassName');
  const className = nav.str(classNode);
  const ingressClass = classNode && className !== undefined ? { value: className, source: nav.source(classNode) } : ref.annotations[INGRESS_CLASS_ANNOTATION];
  return { ...ref, backends, ingressClass };
}

/** The annotation that named an Ingress's controller before `spec.ingressClassName`. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function readBackend(
  nav: YamlNav,
  backend: Node | undefined,
): { serviceName: Located<string>; servicePort: Located<number | string> } | undefined {
  const service = nav.get(backend, 'service');
  // networking.k8s.io/v1: service.name + service.port.number|name
  const nameNode = service !== undefined ? nav.get(service, 'name') : nav.get(backend, 'serviceName');
  const portNode =
    service !== undefined
      ? (nav.at(service, ['port', 'number']) ?? nav.at(service, ['port', 'name']))
      : nav.get(backend, 'servicePort');
  const name = nav.str(nameNode);
  const port = intOrString(nav, portNode);
  if (!nameNode || name === undefined || !portNode || port === undefined) return undefined;
  return {
    serviceName: { value: name, source: nav.source(nameNode) },
    servicePort: { value: port, source: nav.source(portNode) },
  };
}

// ---------------------------------------------------------------------------
// ConfigMaps, Secrets, autoscalers
// ---------------------------------------------------------------------------

function readConfigObject(nav: YamlNav, node: Node, ref: KubeRef): ConfigObject {
  const kind = ref.kind as ConfigObject['kind'];
  const data: Record<string, EmbeddedText> = {};
  const fields = kind === 'Secret' ? ['data', 'stringData'] : ['binaryData', 'data'];
  for (const field of fields) {
    for (const e of nav.entries(nav.get(node, field))) {
      if (e.value === undefined) continue;
      const source = nav.source(e.value);
      if (field === 'binaryData') {
        data[e.key] = { value: '', source, contentStart: undefined };
        continue;
      }
      const value = nav.str(e.value);
      if (value === undefined) continue;
      const raw = kind === 'Secret' && field === 'data'; // base64 as written, not decoded
      data[e.key] = { value, source, contentStart: raw ? undefined : literalContentStart(nav.pos, nav.resolve(e.value)) };
    }
  }
  return { ...ref, kind, data };
}

function readAutoscaler(nav: YamlNav, node: Node, ref: KubeRef): Autoscaler | undefined {
  const spec = nav.get(node, 'spec');
  const target = nav.get(spec, 'scaleTargetRef');
  const targetName = nav.get(target, 'name');
  const kind = nav.str(nav.get(target, 'kind'));
  const name = nav.str(targetName);
  const maxReplicas = nav.locNum(spec, 'maxReplicas');
  if (!targetName || kind === undefined || name === undefined || !maxReplicas) return undefined;
  return {
    ...ref,
    target: { kind, name, source: nav.source(targetName) },
    minReplicas: nav.locNum(spec, 'minReplicas'),
    maxReplicas,
  };
}

// ---------------------------------------------------------------------------
// Selectors: NetworkPolicies, PodDisruptionBudgets, ServiceMonitors and PodMonitors
// ---------------------------------------------------------------------------

function readSelector(nav: YamlNav, node: Node | undefined): LabelSelector | undefined {
  if (!nav.map(node)) return undefined;
  const matchExpressions: LabelSelector['matchExpressions'] = [];
  for (const expression of nav.items(nav.get(node, 'matchExpressions'))) {
    const key = nav.str(nav.get(expression, 'key'));
    const operator = nav.str(nav.get(expression, 'operator'));
    if (key === undefined || operator === undefined) continue;
    const values = nav.items(nav.get(expression, 'values')).flatMap((value) => nav.str(value) ?? []);
    matchExpressions.push({ key, operator, values, source: nav.source(expression) });
  }
  return { matchLabels: nav.stringMap(nav.get(node, 'matchLabels')), matchExpressions, source: nav.source(node) };
}

function readNetworkPolicy(nav: YamlNav, node: Node, ref: KubeRef): NetworkPolicy {
  const spec = nav.get(node, 'spec');
  const peers: NetworkPolicyPeer[] = [];
  for (const [direction, rulesKey, peersKey] of [['ingress', 'ingress', 'from'], ['egress', 'egress', 'to']] as const) {
    for (const rule of nav.items(nav.get(spec, rulesKey))) {
      for (const peer of nav.items(nav.get(rule, peersKey))) {
        const podSelector = readSelector(nav, nav.get(peer, 'podSelector'));
        const namespaceSelector = readSelector(nav, nav.get(peer, 'namespaceSelector'));
        if (podSelector || namespaceSelector) peers.push({ direction, podSelector, namespaceSelector, source: nav.source(peer) });
      }
    }
  }
  return { ...ref, podSelector: readSelector(nav, nav.get(spec, 'podSelector')), peers };
}

function readMonitor(nav: YamlNav, node: Node, ref: KubeRef, kind: Monitor['kind']): Monitor {
  const spec = nav.get(node, 'spec');
  const namespaceSelector = nav.get(spec, 'namespaceSelector');
  const endpoints = nav.items(nav.get(spec, kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints')).map((endpoint) => ({
    port: nav.locStr(endpoint, 'port'),
    source: nav.source(endpoint),
  }));
  return {
    ...ref,
    kind,
    selector: readSelector(nav, nav.get(spec, 'selector')),
    namespaces: nav.map(namespaceSelector)
      ? {
          any: nav.bool(nav.get(namespaceSelector, 'any')) ?? false,
          matchNames: nav.items(nav.get(namespaceSelector, 'matchNames')).flatMap((name) => nav.str(name) ?? []),
        }
      : undefined,
    endpoints,
  };
}
