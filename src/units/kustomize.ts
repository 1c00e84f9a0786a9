/**
 * An in-process `kustomize build` for the fields real repositories use: resources and bases,
 * components, generators, strategic-merge and JSON 6902 patches, namespace, name prefix and
 * suffix (with the references to renamed objects), labels, images and replicas. It works on
 * docdrift's typed objects, so every value keeps the line it was written on, or the kustomization
 * line that changed it. What it cannot apply is said once per kustomization.
 */
import { parseAllDocuments } from 'yaml';
import type { ConfigObject, Container, ContainerEnv, EmbeddedText, KubeRef, Located, ParseProblem, Service, Source, Workload } from '../model/types.ts';
import type { Kustomization, KustomizePatch, KustomizePatchTarget } from '../parse/kustomization.ts';
import { joinPath } from '../model/build-claims.ts';
import { parseKubernetes, specifiesReplicas, type KubernetesFile } from '../parse/kubernetes.ts';
import { fileStart } from '../parse/yaml-positions.ts';
import { objectsOf, updateObject, type UnitObject } from './objects.ts';

export interface KustomizeInputs {
  /** Kustomizations by folder (root-relative, '' for the root). */
  kustomizations: ReadonlyMap<string, Kustomization>;
  /** Parsed manifests by path. */
  manifests: ReadonlyMap<string, KubernetesFile>;
  /** Every file and folder below the root. */
  paths: ReadonlySet<string>;
  /** The text of a file below the root (patch files, files generators read), or undefined. */
  text(path: string): string | undefined;
  defaultNamespace: string;
}

export interface Rendered {
  objects: UnitObject[];
  /** Broken builds (errors) and what was not applied (infos), each where it is written. */
  problems: ParseProblem[];
  /** Folders of the kustomizations and components this one includes, directly or not. */
  includes: Set<string>;
  /** Manifest files whose objects it holds. */
  files: Set<string>;
}

/** Kinds that live outside namespaces: the namespace transformer leaves them alone. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'ClusterIssuer',
  'RuntimeClass',
  'CSIDriver',
]);

/** Renders the kustomization in `dir` as `kustomize build dir` would, within what docdrift applies. */
export function renderKustomization(dir: string, inputs: KustomizeInputs, unit: string): Rendered {
  const rendered: Rendered = { objects: [], problems: [], includes: new Set(), files: new Set() };
  rendered.objects = build(dir, inputs, unit, rendered, []);
  return rendered;
}

function build(dir: string, inputs: KustomizeInputs, unit: string, out: Rendered, stack: string[]): UnitObject[] {
  const kustomization = inputs.kustomizations.get(dir)!;
  out.problems.push(...kustomization.problems);
  let objects: UnitObject[] = [];
  for (const resource of kustomization.resources) objects.push(...loadResource(kustomization, resource, inputs, unit, out, stack));
  for (const component of kustomization.components) {
    const target = resolveLocal(kustomization, component, out);
    if (target === undefined) continue;
    const componentKustomization = inputs.kustomizations.get(target);
    if (!componentKustomization) {
      out.problems.push(broken(component.source, `component ${component.value} has no kustomization.yaml`));
      continue;
    }
    if (stack.includes(target) || target === dir) continue;
    out.includes.add(target);
    out.problems.push(...componentKustomization.problems);
    for (const resource of componentKustomization.resources) objects.push(...loadResource(componentKustomization, resource, inputs, unit, out, [...stack, dir]));
    objects = transform(componentKustomization, objects, inputs, unit, out);
  }
  return transform(kustomization, objects, inputs, unit, out);
}

/** The objects one `resources` entry brings: a manifest file, or a folder's kustomization rendered. */
function loadResource(kustomization: Kustomization, resource: Located<string>, inputs: KustomizeInputs, unit: string, out: Rendered, stack: string[]): UnitObject[] {
  const target = resolveLocal(kustomization, resource, out);
  if (target === undefined) return [];
  const manifest = inputs.manifests.get(target);
  if (manifest) {
    out.files.add(target);
    return objectsOf([manifest], unit, true);
  }
  if (inputs.kustomizations.has(target)) {
    const path = [...stack, kustomization.dir];
    if (path.includes(target)) {
      // A cycle is reported once, by the render that starts at its first folder, where the loop closes.
      const cycle = path.slice(path.indexOf(target));
      if (path[0] === [...cycle].sort()[0]) out.problems.push(broken(resource.source, `${resource.value} includes itself (${[...cycle, target].map((dir) => dir || '.').join(' → ')})`));
      return [];
    }
    out.includes.add(target);
    return build(target, inputs, unit, out, [...stack, kustomization.dir]);
  }
  if (inputs.paths.has(target)) {
    // A folder without a kustomization, or a file that holds no Kubernetes object: kustomize refuses the first.
    const isFolder = [...inputs.paths].some((path) => path.startsWith(`${target}/`));
    if (isFolder) out.problems.push(broken(resource.source, `${resource.value} is a folder without a kustomization.yaml`));
    return [];
  }
  out.problems.push(broken(resource.source, `${resource.value} does not exist (looked for ${target || '.'})`));
  return [];
}

/** A root-relative path for an entry of the kustomization, or undefined (with an info) for a remote or outside one. */
function resolveLocal(kustomization: Kustomization, entry: Located<string>, out: Rendered): string | undefined {
  const value = entry.value.trim();
  if (isRemote(value)) {
    out.problems.push(notApplied(entry.source, `remote ${value} is not fetched; what it adds is not checked`));
    return undefined;
  }
  const joined = joinPath(kustomization.dir, value);
  if (joined === undefined) {
    out.problems.push(notApplied(entry.source, `${value} lies outside the checked folder; what it adds is not checked`));
    return undefined;
  }
  return joined;
}

export function isRemote(value: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/i.test(value) || /\?ref=|\.git(?:\/\/|$)/.test(value);
}

function broken(source: Source, why: string): ParseProblem {
  return { kind: 'parse-error', message: `Kustomization cannot be built: ${why}.`, source };
}

function notApplied(source: Source, why: string): ParseProblem {
  return { kind: 'skipped-file', message: `Kustomization not fully applied: ${why}.`, source };
}

// ---------------------------------------------------------------------------
// Generators, patches and transformers of one kustomization, in kustomize's order
// ---------------------------------------------------------------------------

function transform(kustomization: Kustomization, input: UnitObject[], inputs: KustomizeInputs, unit: string, out: Rendered): UnitObject[] {
  let objects = input;
  for (const generator of kustomization.generators) {
    for (const file of generator.files) {
      const path = resolveLocal(kustomization, file, out);
      if (path !== undefined && !inputs.paths.has(path)) out.problems.push(broken(file.source, `${generator.kind} generator ${generator.name.value} reads ${file.value}, which does not exist`));
    }
    objects = generate(generator, kustomization, objects, inputs, unit);
  }
  for (const patch of kustomization.patches) objects = applyPatch(patch, kustomization, objects, inputs, out);
  const namespace = kustomization.namespace;
  if (namespace) for (const object of objects) if (!CLUSTER_SCOPED.has(object.ref.kind)) updateObject(object, (value) => setNamespace(value, namespace.value));
  renameAll(kustomization, objects);
  addLabels(objects, kustomization);
  for (const image of kustomization.images) for (const workload of views<Workload>(objects, 'workloads')) for (const container of workload.containers) setImage(container, image);
  for (const { name, count } of kustomization.replicas) {
    for (const workload of views<Workload>(objects, 'workloads')) if (workload.name === name || baseName(workload.name, kustomization) === name) if (specifiesReplicas(workload.kind)) workload.replicas = count;
  }
  if (kustomization.notApplied.length > 0 || kustomization.pluginConfigs.length > 0) {
    const names = [...kustomization.notApplied.map((entry) => `\`${entry.value}\``), ...kustomization.pluginConfigs.map((entry) => `plugin config ${entry.value}`)];
    out.problems.push(notApplied((kustomization.notApplied[0] ?? kustomization.pluginConfigs[0])!.source, `${kustomization.file} uses ${names.join(', ')}, which docdrift does not apply; objects are checked without ${names.length === 1 ? 'it' : 'them'}`));
  }
  return objects;
}

function views<T extends KubeRef>(objects: readonly UnitObject[], list: string): T[] {
  return objects.flatMap((object) => object.views.filter((view) => view.list === list).map((view) => view.value as T));
}


export function setNamespace(value: KubeRef, namespace: string): void {
  value.namespace = namespace;
  delete value.namespaceOmitted;
  if ('configRefs' in value) {
    for (const ref of (value as Workload).configRefs) {
      ref.namespace = namespace;
      ref.owner = { ...ref.owner, namespace };
    }
  }
}

function baseName(name: string, kustomization: Kustomization): string {
  const prefix = kustomization.namePrefix?.value ?? '';
  const suffix = kustomization.nameSuffix?.value ?? '';
  return name.startsWith(prefix) && name.endsWith(suffix) ? name.slice(prefix.length, name.length - suffix.length) : name;
}

/** namePrefix/nameSuffix, and every reference to a renamed object of the unit (kustomize's name references). */
function renameAll(kustomization: Kustomization, objects: UnitObject[]): void {
  const prefix = kustomization.namePrefix?.value ?? '';
  const suffix = kustomization.nameSuffix?.value ?? '';
  if (prefix === '' && suffix === '') return;
  const renamed = new Map<string, string>();
  for (const object of objects) {
    if (object.ref.kind === 'Namespace' || object.ref.kind === 'CustomResourceDefinition') continue;
    const name = `${prefix}${object.ref.name}${suffix}`;
    renamed.set(`${object.ref.kind}/${object.ref.name}`, name);
    updateObject(object, (value) => (value.name = name));
  }
  const rename = (kind: string, name: string) => renamed.get(`${kind}/${name}`) ?? name;
  for (const workload of views<Workload>(objects, 'workloads')) {
    for (const ref of workload.configRefs) {
      ref.name = rename(ref.kind, ref.name);
      ref.owner = { ...ref.owner, name: workload.name };
    }
    if (workload.serviceName) workload.serviceName = { ...workload.serviceName, value: rename('Service', workload.serviceName.value) };
  }
  for (const ingress of views<KubeRef & { backends: { serviceName: Located<string> }[] }>(objects, 'ingresses')) {
    for (const backend of ingress.backends) backend.serviceName = { ...backend.serviceName, value: rename('Service', backend.serviceName.value) };
  }
  for (const autoscaler of views<KubeRef & { target: { kind: string; name: string } }>(objects, 'autoscalers')) {
    autoscaler.target = { ...autoscaler.target, name: rename(autoscaler.target.kind, autoscaler.target.name) };
  }
}

function addLabels(objects: UnitObject[], kustomization: Kustomization): void {
  const { selectorLabels, templateLabels, metadataLabels } = kustomization;
  const metadata = { ...metadataLabels, ...templateLabels, ...selectorLabels };
  if (Object.keys(metadata).length === 0) return;
  for (const object of objects) updateObject(object, (value) => (value.labels = { ...value.labels, ...metadata }));
  const template = { ...templateLabels, ...selectorLabels };
  for (const workload of views<Workload>(objects, 'workloads')) workload.podLabels = { ...workload.podLabels, ...template };
  if (Object.keys(selectorLabels).length === 0) return;
  for (const service of views<Service>(objects, 'services')) if (service.selector) service.selector = { ...service.selector, ...selectorLabels };
}

/** Splits an image reference into its name, tag and digest (`registry:5000/a/b:tag@sha256:…`). */
export function splitImage(image: string): { name: string; tag: string | undefined; digest: string | undefined } {
  const at = image.indexOf('@');
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const rest = at < 0 ? image : image.slice(0, at);
  const colon = rest.lastIndexOf(':');
  const tagged = colon > rest.lastIndexOf('/');
  return { name: tagged ? rest.slice(0, colon) : rest, tag: tagged ? rest.slice(colon + 1) : undefined, digest };
}

function setImage(container: Container, image: Kustomization['images'][number]): void {
  if (container.image === undefined) return;
  const current = splitImage(container.image);
  if (current.name !== image.name) return;
  const name = image.newName ?? current.name;
  let tag = image.newTag ?? current.tag;
  if (image.tagSuffix !== undefined) tag = `${tag ?? 'latest'}${image.tagSuffix}`;
  const digest = image.digest ?? (image.newTag !== undefined ? undefined : current.digest);
  container.image = `${name}${tag !== undefined && image.digest === undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
  container.imageSource = image.source;
}

function generate(generator: Kustomization['generators'][number], kustomization: Kustomization, objects: UnitObject[], inputs: KustomizeInputs, unit: string): UnitObject[] {
  const namespace = generator.namespace ?? inputs.defaultNamespace;
  const data: Record<string, EmbeddedText> = Object.fromEntries(generator.keys.map((key) => [key, { value: '', source: generator.source, contentStart: undefined }]));
  // A ConfigMap holds the text of the files it is generated from, line for line (so the Synapse config in one is found where it is written).
  if (generator.kind === 'ConfigMap') {
    for (const { key, path } of generator.fileKeys) {
      const file = joinPath(kustomization.dir, path);
      const text = file === undefined ? undefined : inputs.text(file);
      if (file !== undefined && text !== undefined) data[key] = { value: text, source: fileStart(file), contentStart: { line: 1, column: 1, indent: 0 } };
    }
  }
  if (generator.behavior !== 'create') {
    const existing = views<ConfigObject>(objects, 'configObjects').find((object) => object.kind === generator.kind && baseName(object.name, kustomization) === generator.name.value);
    if (existing) {
      existing.data = generator.behavior === 'merge' ? { ...existing.data, ...data } : data;
      return objects;
    }
  }
  const ref: KubeRef = {
    kind: generator.kind,
    apiVersion: 'v1',
    name: generator.name.value,
    namespace,
    source: generator.name.source,
    documentSource: generator.source,
    labels: {},
    annotations: {},
    unit,
  };
  const object: ConfigObject = { ...ref, kind: generator.kind, data, ...(generator.openKeys ? { openKeys: true } : {}) };
  return [...objects, { ref, views: [{ list: 'configObjects', value: object }] }];
}

// ---------------------------------------------------------------------------
// Patches
// ---------------------------------------------------------------------------

interface PatchDocument {
  raw: unknown;
  /** The typed reading of the patch document, positions in the file the patch is written in. */
  typed: KubernetesFile;
}

function applyPatch(patch: KustomizePatch, kustomization: Kustomization, objects: UnitObject[], inputs: KustomizeInputs, out: Rendered): UnitObject[] {
  const read = readPatch(patch, kustomization, inputs, out);
  if (!read) return objects;
  const { documents, json6902 } = read;
  if (json6902) {
    const targets = objects.filter((object) => matchesTarget(object.ref, patch.target, kustomization));
    if (targets.length === 0) return objects;
    for (const target of targets) applyJson6902(target, json6902, patch, out);
    return objects;
  }
  let result = objects;
  for (const document of documents) {
    const meta = document.raw as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; $patch?: unknown };
    const targetOf = (object: UnitObject) =>
      patch.target
        ? matchesTarget(object.ref, patch.target, kustomization)
        : object.ref.kind === meta.kind && (object.ref.name === meta.metadata?.name || baseName(object.ref.name, kustomization) === meta.metadata?.name);
    if (meta.$patch === 'delete') {
      result = result.filter((object) => !targetOf(object));
      continue;
    }
    for (const object of result) if (targetOf(object)) mergeInto(object, document);
  }
  return result;
}

function matchesTarget(ref: KubeRef, target: KustomizePatchTarget | undefined, kustomization: Kustomization): boolean {
  if (!target) return false;
  if (target.kind !== undefined && target.kind !== ref.kind) return false;
  if (target.namespace !== undefined && target.namespace !== ref.namespace) return false;
  if (target.name !== undefined) {
    const pattern = anchoredRegex(target.name);
    if (!pattern.test(ref.name) && !pattern.test(baseName(ref.name, kustomization))) return false;
  }
  if (target.labelSelector !== undefined) {
    for (const term of target.labelSelector.split(',')) {
      const [key, value] = term.split('=').map((part) => part.trim());
      if (key && ref.labels[key]?.value !== value) return false;
    }
  }
  return true;
}

function anchoredRegex(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return { test: (value: string) => value === pattern } as RegExp;
  }
}

function readPatch(patch: KustomizePatch, kustomization: Kustomization, inputs: KustomizeInputs, out: Rendered): { documents: PatchDocument[]; json6902: unknown[] | undefined } | undefined {
  let text: string | undefined;
  let file = kustomization.file;
  let shift: ((source: Source) => Source) | undefined;
  if (patch.path) {
    const path = resolveLocal(kustomization, patch.path, out);
    if (path === undefined) return undefined;
    text = inputs.text(path);
    if (text === undefined) {
      out.problems.push(broken(patch.path.source, `patch ${patch.path.value} does not exist`));
      return undefined;
    }
    file = path;
  } else if (patch.inline) {
    text = patch.inline.value;
    const start = patch.inline.contentStart;
    const anchor = patch.inline.source;
    shift = start
      ? (source) => ({ file: anchor.file, line: start.line + source.line - 1, column: source.column + start.indent, endLine: start.line + source.endLine - 1, endColumn: source.endColumn + start.indent })
      : () => anchor;
  } else return undefined;
  let raws: unknown[];
  try {
    raws = parseAllDocuments(text, { prettyErrors: false }).map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown);
  } catch {
    out.problems.push(broken(patch.source, 'a patch is not valid YAML'));
    return undefined;
  }
  const first = raws[0];
  if (Array.isArray(first) && first.every((op) => typeof op === 'object' && op !== null && 'op' in op)) return { documents: [], json6902: first };
  const typed = parseKubernetes(file, text, { defaultNamespace: inputs.defaultNamespace });
  if (shift) remapSources(typed, shift);
  // One typed reading per patch document, in document order.
  const documents = raws
    .filter((raw): raw is object => typeof raw === 'object' && raw !== null && !Array.isArray(raw))
    .map((raw, index) => ({ raw, typed: onlyDocument(typed, index) }));
  return { documents, json6902: undefined };
}

/** The typed objects of the index-th Kubernetes document of a parsed patch. */
function onlyDocument(file: KubernetesFile, index: number): KubernetesFile {
  const ref = file.resources[index];
  const same = (value: KubeRef) => ref !== undefined && value.documentSource.line === ref.documentSource.line && value.kind === ref.kind;
  return { ...file, resources: ref ? [ref] : [], workloads: file.workloads.filter(same), services: file.services.filter(same), ingresses: file.ingresses.filter(same), configObjects: file.configObjects.filter(same), autoscalers: file.autoscalers.filter(same) };
}

/** Maps every Source inside a parse result (positions in an inline patch → positions in its kustomization). */
export function remapSources(value: unknown, shift: (source: Source) => Source): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) remapSources(item, shift);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, entry] of Object.entries(record)) {
    if (isSource(entry)) record[key] = shift(entry);
    else remapSources(entry, shift);
  }
}

export function isSource(value: unknown): value is Source {
  return typeof value === 'object' && value !== null && 'file' in value && 'line' in value && 'endColumn' in value;
}

/** A strategic merge of the fields docdrift models: replicas, containers (image, ports, env, mounts, resources), labels, Service ports and ConfigMap keys. */
function mergeInto(object: UnitObject, document: PatchDocument): void {
  const patchRef = document.typed.resources[0];
  if (patchRef) {
    updateObject(object, (value) => {
      value.labels = { ...value.labels, ...patchRef.labels };
      value.annotations = { ...value.annotations, ...patchRef.annotations };
    });
  }
  const raw = document.raw as { spec?: Record<string, unknown> };
  for (const view of object.views) {
    if (view.list === 'workloads') {
      const patchWorkload = document.typed.workloads[0];
      if (patchWorkload) mergeWorkload(view.value as Workload, patchWorkload, raw);
    } else if (view.list === 'services') {
      const patchService = document.typed.services[0];
      if (patchService) mergeService(view.value as Service, patchService);
    } else if (view.list === 'configObjects') {
      const patchConfig = document.typed.configObjects[0];
      if (patchConfig) (view.value as ConfigObject).data = { ...(view.value as ConfigObject).data, ...patchConfig.data };
    }
  }
}

function mergeWorkload(workload: Workload, patch: Workload, raw: { spec?: Record<string, unknown> }): void {
  if (patch.replicas && specifiesReplicas(workload.kind)) workload.replicas = patch.replicas;
  workload.podLabels = { ...workload.podLabels, ...patch.podLabels };
  const rawContainers = containersOf(raw);
  for (const patchContainer of patch.containers) {
    const container = workload.containers.find((candidate) => candidate.name === patchContainer.name && candidate.init === patchContainer.init);
    const rawContainer = rawContainers.find((entry) => entry.name === patchContainer.name);
    if (!container) {
      if (rawContainer?.$patch !== 'delete') workload.containers.push(patchContainer);
      continue;
    }
    if (rawContainer?.$patch === 'delete') {
      workload.containers = workload.containers.filter((candidate) => candidate !== container);
      continue;
    }
    if (patchContainer.image !== undefined) {
      container.image = patchContainer.image;
      container.imageSource = patchContainer.imageSource;
    }
    container.ports = mergeBy(container.ports, patchContainer.ports, (port) => String(port.containerPort));
    const deleted = new Set((rawContainer?.env ?? []).filter((entry) => entry.$patch === 'delete').map((entry) => entry.name));
    container.env = mergeBy(container.env, patchContainer.env.filter((entry) => !deleted.has(entry.name)), (entry: ContainerEnv) => entry.name).filter((entry) => !deleted.has(entry.name));
    container.volumeMounts = mergeBy(container.volumeMounts, patchContainer.volumeMounts, (mount) => mount.mountPath.value);
    container.resources = {
      requests: { ...container.resources.requests, ...patchContainer.resources.requests },
      limits: { ...container.resources.limits, ...patchContainer.resources.limits },
    };
  }
}

interface RawContainer {
  name?: unknown;
  $patch?: unknown;
  env?: { name?: unknown; $patch?: unknown }[];
}

function containersOf(raw: { spec?: Record<string, unknown> }): RawContainer[] {
  const spec = raw.spec as { template?: { spec?: { containers?: unknown; initContainers?: unknown } }; jobTemplate?: { spec?: { template?: { spec?: { containers?: unknown } } } } } | undefined;
  const podSpec = spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
  const list = [...(Array.isArray(podSpec?.containers) ? podSpec.containers : []), ...(Array.isArray((podSpec as { initContainers?: unknown })?.initContainers) ? ((podSpec as { initContainers: unknown[] }).initContainers) : [])];
  return list.filter((entry): entry is RawContainer => typeof entry === 'object' && entry !== null).map((entry) => ({ ...entry, env: Array.isArray(entry.env) ? entry.env.filter((item) => typeof item === 'object' && item !== null) : [] }));
}

function mergeService(service: Service, patch: Service): void {
  if (patch.selector) service.selector = { ...(service.selector ?? {}), ...patch.selector };
  service.ports = mergeBy(service.ports, patch.ports, (port) => String(port.port));
}

/** Items of `base` with those of `patch` merged in by key: a patched item replaces the one with its key, new ones are appended. */
function mergeBy<T>(base: T[], patch: T[], key: (item: T) => string): T[] {
  const patched = new Map(patch.map((item) => [key(item), item]));
  const merged = base.map((item) => patched.get(key(item)) ?? item);
  const present = new Set(base.map(key));
  return [...merged, ...patch.filter((item) => !present.has(key(item)))];
}

/** JSON 6902 operations on the fields docdrift models; operations elsewhere change nothing it reads. */
function applyJson6902(object: UnitObject, operations: unknown[], patch: KustomizePatch, out: Rendered): void {
  const at = patch.path?.source ?? patch.source;
  for (const operation of operations) {
    const { op, path, value } = operation as { op?: unknown; path?: unknown; value?: unknown };
    if (typeof op !== 'string' || typeof path !== 'string') continue;
    const workload = object.views.find((view) => view.list === 'workloads')?.value as Workload | undefined;
    if (path === '/spec/replicas' && workload && specifiesReplicas(workload.kind)) {
      if ((op === 'replace' || op === 'add') && typeof value === 'number') workload.replicas = { value, source: at };
      continue;
    }
    const container = /^\/spec\/(?:template|jobTemplate\/spec\/template)\/spec\/(containers|initContainers)\/(\d+)\/(image|env)(?:\/(-|\d+))?$/.exec(path);
    if (!container || !workload) {
      if (/\/(?:containers|initContainers)\/\d+\/(?:ports|name)\b|\/metadata\/name$|\/spec\/selector\b/.test(path)) out.problems.push(notApplied(at, `the JSON patch operation \`${op} ${path}\` is not applied`));
      continue;
    }
    const [, field, index, part, slot] = container;
    const target = workload.containers.filter((entry) => entry.init === (field === 'initContainers'))[Number(index)];
    if (!target) continue;
    if (part === 'image' && (op === 'replace' || op === 'add') && typeof value === 'string') {
      target.image = value;
      target.imageSource = at;
    } else if (part === 'env' && op === 'add' && slot === '-' && isEnvValue(value)) {
      target.env = [...target.env, { name: value.name, value: typeof value.value === 'string' ? { value: value.value, source: at } : undefined, fieldPath: undefined, source: at }];
    } else if (part === 'env' && op === 'remove' && slot !== undefined && slot !== '-') {
      target.env = target.env.filter((_entry, position) => position !== Number(slot));
    } else {
      out.problems.push(notApplied(at, `the JSON patch operation \`${op} ${path}\` is not applied`));
    }
  }
}

function isEnvValue(value: unknown): value is { name: string; value?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}
