/**
 * Objects the cluster will hold that no manifest defines: what operators create for custom resources,
 * what Helm releases create, and what every cluster has. All knowledge comes from the tables
 * (tables.ts); this module only evaluates them.
 */
import { parse as parseYaml } from 'yaml';
import { claimsOf, type Claim, type HelmReleaseClaim } from '../model/claims.ts';
import type { CustomResource, DeployedModel, KubeRef, Source } from '../model/types.ts';
import { RESERVED, loadTables, type ChartTable, type Condition, type Creates, type Tables } from './tables.ts';
import type { Creator, RuntimeObject, RuntimeObjects, RuntimePods } from './types.ts';

/** Reads a value by dotted path; undefined when unset. */
type Values = (path: string) => unknown;

/** A release to evaluate, whether a doc installs it or a Flux HelmRelease declares it. */
interface Release {
  name: string;
  namespace: string;
  /** The chart as written, for messages. */
  chart: string;
  table: ChartTable & { file: string } | undefined;
  values: Values;
  /** What of the values could not be read (a values file outside the repository, valuesFrom): names are then not certain. */
  unknownValues: string | undefined;
  source: Source;
}

export interface DeriveOptions {
  defaultNamespace: string;
  /** Every file below the root: a values file that is not there is not known. */
  paths: ReadonlySet<string>;
}

/**
 * Everything the tables say the cluster will hold for this model and these docs: their Helm releases,
 * and the fenced manifests of guides that apply manifests.
 */
export function deriveRuntimeObjects(model: DeployedModel, claims: readonly Claim[], options: DeriveOptions, tables: Tables = loadTables()): RuntimeObjects {
  const result: RuntimeObjects = { objects: [], pods: [], unverified: [], namespaces: [] };
  for (const table of tables.operators) {
    if (!table.cluster) continue;
    result.namespaces.push(...table.cluster.namespaces);
    const createdBy: Creator = { description: 'every cluster', source: undefined, table: tableName(table.file, table.operator, table.version) };
    for (const service of table.cluster.services) {
      result.objects.push({ kind: 'Service', name: service.name, namespace: service.namespace, ports: portsOf(service.ports), headless: false, createdBy });
    }
    const namespaces = new Set([options.defaultNamespace, ...table.cluster.namespaces, ...model.resources.map((resource) => resource.namespace)]);
    for (const name of table.cluster.configMapsInEveryNamespace) {
      for (const namespace of namespaces) result.objects.push({ kind: 'ConfigMap', name, namespace, ports: [], headless: false, createdBy });
    }
  }
  const documented = documentedManifests(claims, options, result);
  const customResources = [...model.customResources, ...documented];
  operatorObjects(customResources, tables, result);
  const valuesByFile = new Map(model.valuesFiles.map((file) => [file.file, file.values]));
  const releases = [
    ...claimsOf(claims, 'helm-release').filter((claim) => claim.scope !== 'example').map((claim) => documentedRelease(claim, valuesByFile, options, tables)),
    ...customResources.filter(isHelmRelease).map((resource) => fluxRelease(resource, customResources, tables)),
    ...customResources.filter((resource) => resource.kind === 'Application' && groupOf(resource) === 'argoproj.io').flatMap((resource) => argoReleases(resource, options, tables)),
  ];
  for (const release of releases) releaseObjects(release, result);
  return result;
}

/**
 * The objects of manifests the docs apply (a heredoc after `kubectl apply -f -`, or a fenced manifest in a
 * guide with a current `kubectl apply -f` step): Services, Secrets, ConfigMaps and pods are added; custom
 * resources are returned for the tables.
 */
function documentedManifests(claims: readonly Claim[], options: DeriveOptions, result: RuntimeObjects): CustomResource[] {
  const guides = new Set(claimsOf(claims, 'applies').filter((claim) => claim.scope === 'current').map((claim) => claim.source.file));
  const customResources: CustomResource[] = [];
  for (const claim of claimsOf(claims, 'manifest')) {
    if (claim.scope !== 'current' || !(claim.applied || guides.has(claim.source.file))) continue;
    const namespace = (object: { namespace: string }) => object.namespace || options.defaultNamespace;
    const createdBy = (object: KubeRef): Creator => ({ description: `the manifest of ${object.kind} ${object.name} in a guide`, source: object.source, table: undefined });
    for (const service of claim.services) {
      const ports = service.ports.map((port) => ({ name: port.name, port: port.port }));
      result.objects.push({ kind: 'Service', name: service.name, namespace: namespace(service), ports, headless: service.headless, createdBy: createdBy(service) });
    }
    for (const object of claim.configObjects) {
      result.objects.push({ kind: object.kind, name: object.name, namespace: namespace(object), ports: [], headless: false, createdBy: createdBy(object) });
    }
    for (const workload of claim.workloads) {
      const labels = Object.fromEntries(Object.entries(workload.podLabels).map(([label, value]) => [label, value.value]));
      result.pods.push({ namespace: namespace(workload), labels, createdBy: createdBy(workload) });
    }
    customResources.push(...claim.customResources.map((resource) => ({ ...resource, namespace: namespace(resource) })));
  }
  return customResources;
}

// -- operators -------------------------------------------------------------------------------------

/** What operators create for custom resources of the kinds their tables know; other kinds may create objects under their name. */
function operatorObjects(resources: readonly CustomResource[], tables: Tables, result: RuntimeObjects): void {
  const entries = new Map(tables.operators.flatMap((table) => table.resources.map((entry) => [`${entry.group}/${entry.kind}`, { table, entry }] as const)));
  for (const resource of resources) {
    const known = entries.get(`${groupOf(resource)}/${resource.kind}`);
    const description = `${resource.kind} ${resource.name}`;
    if (!known) {
      result.unverified.push({
        namespace: resource.namespace,
        prefix: resource.name,
        createdBy: { description, source: resource.source, table: undefined },
        reason: `docdrift has no table for ${groupOf(resource)}/${resource.kind}`,
      });
      continue;
    }
    const createdBy: Creator = { description, source: resource.source, table: tableName(known.table.file, known.table.operator, known.table.version) };
    const document = { metadata: { name: resource.name, namespace: resource.namespace }, spec: resource.spec };
    create(known.entry, { name: resource.name, namespace: resource.namespace }, (path) => valueAt(document, path), resource.namespace, createdBy, result);
  }
}

function groupOf(resource: KubeRef): string {
  const slash = resource.apiVersion.indexOf('/');
  return slash === -1 ? '' : resource.apiVersion.slice(0, slash);
}

function isHelmRelease(resource: CustomResource): boolean {
  return resource.kind === 'HelmRelease' && groupOf(resource) === 'helm.toolkit.fluxcd.io';
}

// -- releases --------------------------------------------------------------------------------------

function documentedRelease(claim: HelmReleaseClaim, valuesByFile: ReadonlyMap<string, Record<string, unknown>>, options: DeriveOptions, tables: Tables): Release {
  const layers: Record<string, unknown>[] = [];
  const unread: string[] = [];
  for (const file of claim.valuesFiles) {
    // The nearest reading that exists; one that is not YAML values (not a map, too large) cannot be read either.
    const found = file.candidates.find((candidate) => options.paths.has(candidate));
    const values = found === undefined ? undefined : valuesByFile.get(found);
    if (values) layers.push(values);
    else unread.push(file.text);
  }
  layers.push(Object.fromEntries(claim.set));
  const table = chartTableFor(claim.chart, claim.repo, tables);
  return {
    name: claim.release,
    namespace: claim.namespace ?? options.defaultNamespace,
    chart: claim.chart,
    table,
    values: (path) => layers.reduce<unknown>((value, layer) => (path in layer ? layer[path] : value), undefined),
    unknownValues: unread.length > 0 ? `values file ${unread.join(', ')}` : undefined,
    source: claim.source,
  };
}

/** A Flux HelmRelease: release name, namespace and values as Flux computes them. */
function fluxRelease(resource: CustomResource, resources: readonly CustomResource[], tables: Tables): Release {
  const spec = resource.spec;
  const targetNamespace = stringAt(spec, 'targetNamespace');
  const chart = stringAt(spec, 'chart.spec.chart');
  const sourceName = stringAt(spec, 'chart.spec.sourceRef.name');
  const sourceNamespace = stringAt(spec, 'chart.spec.sourceRef.namespace') ?? resource.namespace;
  const repository = resources.find(
    (candidate) => candidate.kind === 'HelmRepository' && candidate.name === sourceName && candidate.namespace === sourceNamespace,
  );
  const url = repository ? stringAt(repository.spec, 'url') : undefined;
  const table = chart === undefined ? undefined : url ? chartTableFor(chart, url, tables) : sourceName ? chartTableFor(`${sourceName}/${chart}`, undefined, tables) : undefined;
  const values = valueAt(spec, 'values');
  return {
    name: stringAt(spec, 'releaseName') ?? (targetNamespace ? `${targetNamespace}-${resource.name}` : resource.name),
    namespace: targetNamespace ?? resource.namespace,
    chart: chart ?? `HelmRelease ${resource.name}`,
    table,
    values: (path) => valueAt(values, path),
    unknownValues: valueAt(spec, 'valuesFrom') === undefined ? undefined : 'spec.valuesFrom',
    source: resource.source,
  };
}

/** The Helm charts an Argo CD Application installs (`source.chart` or `sources[].chart`), as Argo CD names and configures them. */
function argoReleases(resource: CustomResource, options: DeriveOptions, tables: Tables): Release[] {
  const sources = valueAt(resource.spec, 'source') === undefined ? listAt(valueAt(resource.spec, 'sources')) : [valueAt(resource.spec, 'source')];
  return sources.flatMap((source): Release[] => {
    const chart = stringAt(source, 'chart');
    if (chart === undefined) return [];
    const repoURL = stringAt(source, 'repoURL') ?? '';
    // Argo CD writes OCI repositories without their scheme.
    const table = chartTableFor(chart, repoURL, tables) ?? chartTableFor(chart, `oci://${repoURL}`, tables);
    const parameters = new Map(listAt(valueAt(source, 'helm.parameters')).map((entry) => [stringAt(entry, 'name'), valueAt(entry, 'value')]));
    const valuesObject = valueAt(source, 'helm.valuesObject');
    const valuesText = stringAt(source, 'helm.values');
    const inline = valuesText === undefined ? undefined : parseValues(valuesText);
    return [
      {
        name: stringAt(source, 'helm.releaseName') ?? resource.name,
        namespace: stringAt(resource.spec, 'destination.namespace') ?? options.defaultNamespace,
        chart: `${repoURL}/${chart}`,
        table,
        // Argo CD's precedence: parameters, then valuesObject, then values.
        values: (path) => (parameters.has(path) ? parameters.get(path) : (valueAt(valuesObject, path) ?? valueAt(inline, path))),
        unknownValues: listAt(valueAt(source, 'helm.valueFiles')).length > 0 ? 'helm.valueFiles' : inline === null ? 'helm.values (not YAML)' : undefined,
        source: resource.source,
      },
    ];
  });
}

/** Inline values YAML; null when it is not YAML. */
function parseValues(text: string): unknown {
  try {
    return parseYaml(text, { logLevel: 'silent' }) ?? {};
  } catch {
    return null;
  }
}

/**
 * The table of a chart reference: `ALIAS/CHART` with a known repository alias, `oci://REPOSITORY/CHART`,
 * or CHART with `--repo URL`. Local charts and unknown repositories have none (a chart of the same
 * name from another repository may create other names).
 */
export function chartTableFor(reference: string, repo: string | undefined, tables: Tables = loadTables()): (ChartTable & { file: string }) | undefined {
  if (reference.includes('$')) return undefined;
  const trim = (url: string) => url.replace(/\/+$/, '');
  if (repo !== undefined) return tables.charts.find((table) => table.chart === reference && table.repositories.map(trim).includes(trim(repo)));
  const slash = reference.lastIndexOf('/');
  if (slash === -1) return undefined;
  const [prefix, name] = [reference.slice(0, slash), reference.slice(slash + 1)];
  if (prefix.startsWith('oci://')) return tables.charts.find((table) => table.chart === name && table.repositories.map(trim).includes(trim(prefix)));
  return tables.charts.find((table) => table.chart === name && table.aliases.includes(prefix));
}

function releaseObjects(release: Release, result: RuntimeObjects): void {
  const { table } = release;
  const description = `release ${release.name} (${release.chart})`;
  const createdBy: Creator = { description, source: release.source, table: table ? tableName(table.file, table.chart, table.version) : undefined };
  // Names under an unknown chart's release, or a known one whose values docdrift could not read, may exist.
  if (!table || release.unknownValues) {
    const reason = table ? `${release.unknownValues} not read` : `docdrift has no table for chart ${release.chart}`;
    result.unverified.push({ namespace: release.namespace, prefix: release.name, createdBy, reason });
  }
  if (!table) return;
  const names = (chart: string, prefix: string, maxLength: number) => ({
    release: release.name,
    namespace: release.namespace,
    fullname: fullname(release.name, chart, release.values, prefix, maxLength),
    chartName: stringValue(release.values(`${prefix}nameOverride`)) || chart,
  });
  create(table, names(table.chart, '', table.fullname.maxLength), release.values, release.namespace, createdBy, result);
  for (const subchart of table.subcharts) {
    if (subchart.when && !holds(subchart.when, release.values)) continue;
    create(subchart, names(subchart.chart, `${subchart.values}.`, subchart.fullname.maxLength), release.values, release.namespace, createdBy, result);
  }
}

/**
 * Helm's fullname helper: `fullnameOverride`; else the release name when it contains the chart name
 * (or `nameOverride`); else RELEASE-NAME. Cut to `maxLength`, trailing '-' trimmed.
 */
export function fullname(release: string, chart: string, values: Values, prefix: string, maxLength: number): string {
  const cut = (text: string) => text.slice(0, maxLength).replace(/-+$/, '');
  const override = stringValue(values(`${prefix}fullnameOverride`));
  if (override) return cut(override);
  const name = stringValue(values(`${prefix}nameOverride`)) || chart;
  return cut(release.includes(name) ? release : `${release}-${name}`);
}

// -- tables ----------------------------------------------------------------------------------------

/** Adds the objects of one table entry, its templates filled from `names` and the values. */
function create(entry: Creates, names: Record<string, string>, values: Values, namespace: string, createdBy: Creator, result: RuntimeObjects): void {
  const kinds = [
    ['Service', entry.services],
    ['Secret', entry.secrets],
    ['ConfigMap', entry.configMaps],
  ] as const;
  for (const [kind, objects] of kinds) {
    for (const object of objects) {
      if (object.when && !holds(object.when, values)) continue;
      const items = object.forEach === undefined ? [undefined] : listAt(values(object.forEach));
      for (const item of items) {
        const name = fill(object.name, names, values, item);
        if (name === undefined) continue;
        const service = 'ports' in object ? object : undefined;
        result.objects.push({ kind, name, namespace, ports: portsOf(service?.ports ?? []), headless: service?.headless ?? false, createdBy });
      }
    }
  }
  for (const pods of entry.pods) {
    if (pods.when && !holds(pods.when, values)) continue;
    for (const item of pods.forEach === undefined ? [undefined] : listAt(values(pods.forEach))) {
      const labels: RuntimePods['labels'] = {};
      for (const [label, text] of Object.entries(pods.labels)) {
        const value = fill(text, names, values, item);
        if (value !== undefined) labels[label] = value;
      }
      const extra = pods.labelsFrom === undefined ? undefined : values(pods.labelsFrom);
      if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
        for (const [label, value] of Object.entries(extra)) if (typeof value === 'string') labels[label] ??= value;
      }
      result.pods.push({ namespace, labels, createdBy });
    }
  }
}

/** A name template filled in; undefined when a placeholder has no string value. */
function fill(template: string, names: Record<string, string>, values: Values, item: unknown): string | undefined {
  let missing = false;
  const filled = template.replace(/\{([\w.-]+)\}/g, (_whole, placeholder: string) => {
    const value = RESERVED.has(placeholder)
      ? names[placeholder]
      : placeholder.startsWith('item.')
        ? stringValue(valueAt(item, placeholder.slice('item.'.length)))
        : stringValue(values(placeholder));
    if (value === undefined || value === '') missing = true;
    return value ?? '';
  });
  return missing ? undefined : filled;
}

export function holds(condition: Condition, values: Values): boolean {
  if ('all' in condition) return condition.all.every((entry) => holds(entry, values));
  if ('any' in condition) return condition.any.some((entry) => holds(entry, values));
  if ('not' in condition) return !holds(condition.not, values);
  const value = values(condition.path);
  if ('contains' in condition) return listAt(value).some((entry) => String(entry) === condition.contains);
  if ('set' in condition) return (value !== undefined && value !== null && value !== '') === condition.set;
  const actual = value === undefined || value === null ? condition.default : value;
  return actual !== undefined && String(actual) === String(condition.equals);
}

function portsOf(ports: readonly { name?: string | undefined; port: number }[]): RuntimeObject['ports'] {
  return ports.map((port) => ({ name: port.name, port: port.port }));
}

function tableName(file: string, subject: string, version: string): string {
  return `${subject} ${version} in ${file}`;
}

// -- plain JSON ------------------------------------------------------------------------------------

function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function stringAt(value: unknown, path: string): string | undefined {
  return stringValue(valueAt(value, path));
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function listAt(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
