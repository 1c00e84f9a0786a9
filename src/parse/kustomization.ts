/**
 * kustomization.yaml → the fields docdrift applies in-process, each with its position.
 *
 * One pure function, `parseKustomization(file, text)`. It reads what `kustomize build` would need
 * to render the folder's objects (resources, components, generators, patches and the common
 * transformers) and lists the fields it leaves to kustomize itself, so a unit can say once what
 * was not applied. Never throws.
 */
import { parseDocument } from 'yaml';
import type { Node } from 'yaml';
import type { EmbeddedText, Located, ParseProblem, Source } from '../model/types.ts';
import { YamlNav, fileStart, lineCounterFor, literalContentStart, nestedTooDeep, sourceOfRange } from './yaml-positions.ts';

/** File names kustomize looks for in a folder, in its order. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function isKustomizationFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name);
}

export interface KustomizeImage {
  name: string;
  newName: string | undefined;
  newTag: string | undefined;
  digest: string | undefined;
  tagSuffix: string | undefined;
  source: Source;
}

export interface KustomizeGenerator {
  kind: 'ConfigMap' | 'Secret';
  name: Located<string>;
  namespace: string | undefined;
  behavior: 'create' | 'merge' | 'replace';
  /** Keys from `files` (`key=path` or the file name) and `literals`; `envs` files add keys docdrift does not read. */
  keys: string[];
  /** Whether an `envs`/`env` file adds keys not listed in `keys`. */
  openKeys: boolean;
  /** Files the generator reads (`files` paths and `envs`), relative to the kustomization's folder. */
  files: Located<string>[];
  /** The keys `files` entries fill, each with the file it holds. */
  fileKeys: { key: string; path: string }[];
  source: Source;
}

export interface KustomizePatchTarget {
  kind: string | undefined;
  name: string | undefined;
  namespace: string | undefined;
  labelSelector: string | undefined;
}

export interface KustomizePatch {
  /** A patch file, relative to the kustomization's folder. */
  path: Located<string> | undefined;
  /** An inline patch (`patch: |-`), with the mapping of its lines into the kustomization. */
  inline: EmbeddedText | undefined;
  target: KustomizePatchTarget | undefined;
  source: Source;
}

export interface Kustomization {
  file: string;
  /** The kustomization's folder, root-relative ('' for the root). */
  dir: string;
  /** `Component` kustomizations are only applied inside another kustomization. */
  kind: 'Kustomization' | 'Component';
  source: Source;
  /** `resources` and the older `bases`, in order. */
  resources: Located<string>[];
  components: Located<string>[];
  namespace: Located<string> | undefined;
  namePrefix: Located<string> | undefined;
  nameSuffix: Located<string> | undefined;
  /** Labels added to metadata, selectors and pod templates (`commonLabels`, `labels` with includeSelectors). */
  selectorLabels: Record<string, Located<string>>;
  /** Labels added to metadata and pod templates only (`labels` with includeTemplates). */
  templateLabels: Record<string, Located<string>>;
  /** Labels added to metadata only (`labels` without either flag). */
  metadataLabels: Record<string, Located<string>>;
  images: KustomizeImage[];
  replicas: { name: string; count: Located<number> }[];
  generators: KustomizeGenerator[];
  patches: KustomizePatch[];
  /** `transformers`, `generators`, `validators` and `configurations`: kustomize plugin configs, not cluster objects. */
  pluginConfigs: Located<string>[];
  /** Fields docdrift does not apply in-process (vars, replacements, helmCharts …), by name, where written. */
  notApplied: Located<string>[];
  problems: ParseProblem[];
}

/** Fields read here; every other top-level field that changes objects is listed in `notApplied`. */
const APPLIED = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'images',
  'replicas',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'transformers',
  'generators',
  'validators',
  'configurations',
  'commonAnnotations',
  'buildMetadata',
  'sortOptions',
]);

export function parseKustomization(file: string, text: string): Kustomization {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const result: Kustomization = {
    file,
    dir,
    kind: 'Kustomization',
    source: fileStart(file),
    resources: [],
    components: [],
    namespace: undefined,
    namePrefix: undefined,
    nameSuffix: undefined,
    selectorLabels: {},
    templateLabels: {},
    metadataLabels: {},
    images: [],
    replicas: [],
    generators: [],
    patches: [],
    pluginConfigs: [],
    notApplied: [],
    problems: [],
  };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const ctx = { text, lineCounter: lineCounterFor(text), file };
  const error = doc.errors[0];
  if (error || nestedTooDeep(doc)) {
    const at = error ? sourceOfRange(ctx, error.pos[0], Math.max(error.pos[1], error.pos[0])) : fileStart(file);
    result.problems.push({ kind: 'parse-error', message: `Kustomization ${file} cannot be read${error ? `: ${error.message.split('\n')[0]}` : ''}; its objects are not checked.`, source: at });
    return result;
  }
  const nav = new YamlNav(doc, ctx);
  const root = nav.map(doc.contents);
  if (!root) return result;
  result.kind = nav.str(nav.get(root, 'kind')) === 'Component' ? 'Component' : 'Kustomization';
  result.source = nav.source(nav.get(root, 'kind') ?? root);
  const strings = (key: string) => nav.items(nav.get(root, key)).flatMap((item) => located(nav, item));
  result.resources = [...strings('resources'), ...strings('bases')].sort((a, b) => a.source.line - b.source.line);
  result.components = strings('components');
  result.namespace = nav.locStr(root, 'namespace');
  result.namePrefix = nav.locStr(root, 'namePrefix');
  result.nameSuffix = nav.locStr(root, 'nameSuffix');
  Object.assign(result.selectorLabels, nav.stringMap(nav.get(root, 'commonLabels')));
  for (const entry of nav.items(nav.get(root, 'labels'))) {
    const pairs = nav.stringMap(nav.get(entry, 'pairs'));
    if (nav.bool(nav.get(entry, 'includeSelectors'))) Object.assign(result.selectorLabels, pairs);
    else if (nav.bool(nav.get(entry, 'includeTemplates'))) Object.assign(result.templateLabels, pairs);
    else Object.assign(result.metadataLabels, pairs);
  }
  for (const entry of nav.items(nav.get(root, 'images'))) {
    const name = nav.str(nav.get(entry, 'name'));
    if (name === undefined) continue;
    const field = (key: string) => nav.str(nav.get(entry, key));
    result.images.push({ name, newName: field('newName'), newTag: field('newTag'), digest: field('digest'), tagSuffix: field('tagSuffix'), source: nav.source(entry) });
  }
  for (const entry of nav.items(nav.get(root, 'replicas'))) {
    const name = nav.str(nav.get(entry, 'name'));
    const count = nav.locNum(entry, 'count');
    if (name !== undefined && count) result.replicas.push({ name, count });
  }
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    for (const entry of nav.items(nav.get(root, field))) {
      const generator = readGenerator(nav, entry, kind);
      if (generator) result.generators.push(generator);
    }
  }
  for (const entry of nav.items(nav.get(root, 'patches'))) result.patches.push(readPatch(nav, entry, readTarget(nav, nav.get(entry, 'target'))));
  for (const entry of nav.items(nav.get(root, 'patchesStrategicMerge'))) {
    // A string item is a file path, or an inline patch when it spans lines.
    const value = nav.str(entry);
    if (value === undefined) continue;
    if (value.includes('\n')) result.patches.push({ path: undefined, inline: embedded(nav, entry), target: undefined, source: nav.source(entry) });
    else result.patches.push({ path: { value, source: nav.source(entry) }, inline: undefined, target: undefined, source: nav.source(entry) });
  }
  for (const entry of nav.items(nav.get(root, 'patchesJson6902'))) result.patches.push(readPatch(nav, entry, readTarget(nav, nav.get(entry, 'target'))));
  for (const key of ['transformers', 'generators', 'validators', 'configurations']) result.pluginConfigs.push(...strings(key));
  for (const entry of nav.entries(root)) {
    if (APPLIED.has(entry.key)) continue;
    result.notApplied.push({ value: entry.key, source: nav.source(entry.keyNode) });
  }
  return result;
}

function located(nav: YamlNav, node: Node): Located<string>[] {
  const value = nav.str(node);
  return value === undefined || value === '' ? [] : [{ value, source: nav.source(node) }];
}

function embedded(nav: YamlNav, node: Node): EmbeddedText | undefined {
  const value = nav.str(node);
  if (value === undefined) return undefined;
  return { value, source: nav.source(node), contentStart: literalContentStart(nav.pos, nav.resolve(node)) };
}

function readPatch(nav: YamlNav, entry: Node, target: KustomizePatchTarget | undefined): KustomizePatch {
  const pathNode = nav.get(entry, 'path');
  const path = nav.str(pathNode);
  const patchNode = nav.get(entry, 'patch');
  return {
    path: path !== undefined && pathNode ? { value: path, source: nav.source(pathNode) } : undefined,
    inline: patchNode ? embedded(nav, patchNode) : undefined,
    target,
    source: nav.source(entry),
  };
}

function readTarget(nav: YamlNav, node: Node | undefined): KustomizePatchTarget | undefined {
  if (!nav.map(node)) return undefined;
  const field = (key: string) => nav.str(nav.get(node, key));
  return { kind: field('kind'), name: field('name'), namespace: field('namespace'), labelSelector: field('labelSelector') };
}

function readGenerator(nav: YamlNav, entry: Node, kind: 'ConfigMap' | 'Secret'): KustomizeGenerator | undefined {
  const name = nav.locStr(entry, 'name');
  if (!name) return undefined;
  const keys: string[] = [];
  const files: Located<string>[] = [];
  const fileKeys: { key: string; path: string }[] = [];
  for (const item of nav.items(nav.get(entry, 'files'))) {
    const spec = nav.str(item);
    if (spec === undefined) continue;
    // `key=path` names the key; otherwise the key is the file's name.
    const equals = spec.indexOf('=');
    const path = equals < 0 ? spec : spec.slice(equals + 1);
    const key = equals < 0 ? path.slice(path.lastIndexOf('/') + 1) : spec.slice(0, equals);
    keys.push(key);
    fileKeys.push({ key, path });
    files.push({ value: path, source: nav.source(item) });
  }
  for (const item of nav.items(nav.get(entry, 'literals'))) {
    const literal = nav.str(item);
    if (literal !== undefined) keys.push(literal.split('=')[0]!);
  }
  const envs = [...nav.items(nav.get(entry, 'envs')), ...(nav.get(entry, 'env') ? [nav.get(entry, 'env')!] : [])];
  for (const item of envs) files.push(...located(nav, item));
  const behavior = nav.str(nav.get(entry, 'behavior'));
  return {
    kind,
    name,
    namespace: nav.str(nav.get(entry, 'namespace')),
    behavior: behavior === 'merge' || behavior === 'replace' ? behavior : 'create',
    keys,
    openKeys: envs.length > 0,
    files,
    fileKeys,
    source: nav.source(entry),
  };
}
