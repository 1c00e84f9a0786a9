/**
 * Deployment units: which objects are applied together. A folder of plain manifests is one unit;
 * a kustomization is one (rendered in-process); a Helm chart is one, skipped whole; a file that
 * bundles a folder's objects again is an alternative packaging of it. Objects are compared
 * within their unit (duplicates), and units with the same objects are related (alternatives,
 * overlays) rather than counted twice.
 */
import type { DeploymentUnit, ParseProblem, Source } from '../model/types.ts';
import { compareText } from '../engine/finding.ts';
import type { Kustomization } from '../parse/kustomization.ts';
import type { GitopsPath, KubernetesFile } from '../parse/kubernetes.ts';
import { fileStart } from '../parse/yaml-positions.ts';
import { joinPath } from '../model/build-claims.ts';
import type { BuildStep } from './build-evidence.ts';
import { CLUSTER_SCOPED, renderKustomization, setNamespace } from './kustomize.ts';
import { chartFolders, type RenderOutcome } from './render-plan.ts';
import { renderedChart, withExternalRender } from './rendered-objects.ts';
import { objectsOf, toFile, updateObject, type UnitObject } from './objects.ts';

export interface UnitsInput {
  /** Every parsed manifest, whatever its format, in path order. */
  manifests: readonly KubernetesFile[];
  kustomizations: readonly Kustomization[];
  /** Every file and folder below the root. */
  paths: ReadonlySet<string>;
  /** The text of a file below the root, for patch files and the files generators read. */
  text(path: string): string | undefined;
  defaultNamespace: string;
  /** Unit ids the config declares alternatives of each other. */
  alternatives?: readonly (readonly string[])[];
  /** Display names by unit id. */
  names?: Readonly<Record<string, string>>;
  /** External renders (helm template, kustomize build), one per chart or kustomization folder; the others render in-process or are skipped. */
  rendered?: readonly RenderOutcome[];
  /** Makefile and script lines that build a manifest file from others: its unit is an alternative of theirs. */
  buildSteps?: readonly BuildStep[];
}

export interface Units {
  units: DeploymentUnit[];
  /** Folders of Helm charts: what their files say is reported once, for the chart. */
  charts: string[];
  /** One file per checked unit: the unit's objects, each tagged with its unit. */
  files: KubernetesFile[];
  problems: ParseProblem[];
}

/** A bundle holds at least this share of the rest of its folder's objects. */
const BUNDLE_COVERAGE = 0.8;
/** Two units are alternatives when at least this share of the smaller one's objects is in both. */
const ALTERNATIVE_OVERLAP = 0.5;

export function buildUnits(input: UnitsInput): Units {
  const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  const charts = chartFolders(input.paths);
  const inChart = (path: string) => charts.some((chart) => chart === '' || path.startsWith(`${chart}/`));
  const problems: ParseProblem[] = [];
  const units: { unit: DeploymentUnit; objects: UnitObject[] }[] = [];

  const external = new Map((input.rendered ?? []).map((outcome) => [`${outcome.kind}\0${outcome.folder}`, outcome]));
  const renderedCharts = charts.filter((chart) => external.get(`chart\0${chart}`)?.status === 'rendered');
  for (const chart of charts) {
    // A subchart vendored in charts/ renders with its parent.
    if (renderedCharts.some((parent) => chart !== parent && (parent === '' || chart.startsWith(`${parent}/`)))) continue;
    const templates = [...input.paths].filter((path) => path.startsWith(chart === '' ? 'templates/' : `${chart}/templates/`) && /\.(?:ya?ml|tpl)$/.test(path)).length;
    const source = fileStart(chart === '' ? 'Chart.yaml' : `${chart}/Chart.yaml`);
    const outcome = external.get(`chart\0${chart}`);
    const chartRender = outcome && renderedChart(outcome, unitId(chart), source, templates, input);
    if (chartRender && 'objects' in chartRender) {
      units.push({ unit: unit(chart, 'chart', source, 'checked', chartRender.files), objects: chartRender.objects });
      continue;
    }
    units.push({ unit: unit(chart, 'chart', source, 'skipped', []), objects: [] });
    problems.push(
      chartRender?.problem ?? {
        kind: 'skipped-file',
        message: `Helm chart ${chart || '.'} is not rendered (docdrift renders charts only with helm template, not in-process): its ${templates} template files are not checked.`,
        source,
      },
    );
  }

  const kustomizations = new Map(input.kustomizations.filter((entry) => !inChart(entry.file)).map((entry) => [entry.dir, entry]));
  const manifests = new Map(input.manifests.filter((file) => file.format === 'kubernetes' && !inChart(file.file)).map((file) => [file.file, file]));
  const included = new Set<string>();
  const rendered = new Map<string, ReturnType<typeof renderKustomization>>();
  const renderFailures: { folders: string[]; problem: ParseProblem }[] = [];
  const broken = new Set<string>();
  const context = { kustomizations, manifests, paths: input.paths, text: input.text, defaultNamespace: input.defaultNamespace };
  for (const [dir, kustomization] of [...kustomizations].sort(([a], [b]) => compareText(a, b))) {
    const inProcess = renderKustomization(dir, context, unitId(dir));
    const outcome = external.get(`kustomization\0${dir}`);
    const { render: result, failure } = outcome ? withExternalRender(inProcess, outcome, unitId(dir), kustomization.source, input) : { render: inProcess, failure: undefined };
    if (failure) renderFailures.push({ folders: [dir, ...result.includes], problem: failure });
    for (const problem of inProcess.problems) if (problem.kind === 'parse-error') broken.add(folderOf(problem.source.file));
    rendered.set(dir, result);
    for (const include of result.includes) included.add(include);
    problems.push(...result.problems);
    const kind = kustomization.kind === 'Component' ? 'component' : 'kustomization';
    units.push({ unit: unit(dir, kind, kustomization.source, 'checked', [...result.files].sort(compareText)), objects: result.objects });
  }
  // A renderer that fails where the in-process render finds the kustomization broken (a missing base, a cycle) fails for that one cause.
  problems.push(...renderFailures.filter((entry) => !entry.folders.some((folder) => broken.has(folder))).map((entry) => entry.problem));
  // A component only means something inside a kustomization: one that some kustomization uses is checked there.
  for (let index = units.length - 1; index >= 0; index--) {
    const entry = units[index]!;
    if (entry.unit.kind === 'component' && included.has(entry.unit.path)) units.splice(index, 1);
  }
  for (const entry of units) {
    const result = rendered.get(entry.unit.path);
    if (result) entry.unit.includes = [...result.includes].filter((dir) => units.some((other) => other.unit.path === dir)).map(unitId).sort(compareText);
  }

  // Plain folders: every manifest of a folder without a kustomization (a kustomization applies only what it lists).
  const built = new Set((input.buildSteps ?? []).map((step) => step.output));
  const byFolder = new Map<string, KubernetesFile[]>();
  for (const file of manifests.values()) {
    const folder = folderOf(file.file);
    if (kustomizations.has(folder)) continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  for (const [folder, files] of [...byFolder].sort(([a], [b]) => compareText(a, b))) {
    for (const part of splitBundles(files, built)) {
      const first = part.files[0]!;
      const entry = unit(part.bundle ? first.file : folder, part.bundle ? 'bundle' : 'folder', first.resources[0]?.documentSource ?? fileStart(first.file), 'checked', part.files.map((file) => file.file));
      units.push({ unit: entry, objects: objectsOf(part.files, entry.id, false) });
    }
  }
  applyGitops(units, input.manifests);
  units.sort((a, b) => compareText(a.unit.id, b.unit.id));
  relate(units);
  relateBuilt(units, input.buildSteps ?? []);
  for (const group of input.alternatives ?? []) {
    for (const { unit } of units) if (group.includes(unit.id)) unit.alternatives = [...new Set([...unit.alternatives, ...group.filter((id) => id !== unit.id)])].sort(compareText);
  }
  for (const entry of units) {
    entry.unit.objects = entry.objects.length;
    const name = input.names?.[entry.unit.id];
    if (name !== undefined) entry.unit.name = name;
  }
  return {
    units: units.map((entry) => entry.unit),
    charts,
    files: units.filter((entry) => entry.unit.status === 'checked').map((entry) => toFile(entry.unit.id, entry.objects, input.manifests[0])),
    problems,
  };
}

export function unitId(folder: string): string {
  return folder === '' ? '.' : folder;
}

function unit(path: string, kind: DeploymentUnit['kind'], source: Source, status: DeploymentUnit['status'], files: string[]): DeploymentUnit {
  return { id: unitId(path), kind, path: path === '' ? '.' : path, source, status, files, objects: 0, includes: [], alternatives: [], overlays: [], appliedBy: [], builtBy: [] };
}

const identity = (ref: { kind: string; namespace: string; name: string }) => `${ref.kind}/${ref.namespace}/${ref.name}`;

/**
 * The files of a folder as units: the folder, and apart from it each file that bundles the rest of
 * the folder again (a generated all-in-one file next to its parts), and each file a Makefile or
 * script builds (`built`), however little of the folder it still holds. A file that only repeats a
 * few objects of the folder stays in it: that is a duplicate, not a packaging.
 */
function splitBundles(files: KubernetesFile[], built: ReadonlySet<string>): { files: KubernetesFile[]; bundle: boolean }[] {
  const bundles = files.filter((file) => built.has(file.file) && files.length > 1);
  if (files.length < 3 && bundles.length === 0) return [{ files, bundle: false }];
  for (const file of files) {
    if (bundles.includes(file)) continue;
    const own = new Set(file.resources.map(identity));
    const rest = files.filter((other) => other !== file && !bundles.includes(other)).flatMap((other) => other.resources.map(identity));
    if (own.size < 3 || rest.length === 0) continue;
    const covered = rest.filter((key) => own.has(key)).length;
    if (covered >= BUNDLE_COVERAGE * rest.length) bundles.push(file);
  }
  const remaining = files.filter((file) => !bundles.includes(file));
  return [...(remaining.length > 0 ? [{ files: remaining, bundle: false }] : []), ...bundles.map((file) => ({ files: [file], bundle: true }))];
}

/**
 * Folders that Argo CD Applications and Flux Kustomizations apply: the unit there records who applies
 * it; a recursive one (Flux, `directory.recurse`) is one unit with every plain folder below it.
 */
function applyGitops(units: { unit: DeploymentUnit; objects: UnitObject[] }[], manifests: readonly KubernetesFile[]): void {
  for (const { owner, path, recursive, namespace } of manifests.flatMap((file) => file.gitopsPaths)) {
    const folder = joinPath('', path.value) ?? '';
    const appliedBy = { value: owner, source: path.source };
    const own = units.find((entry) => entry.unit.path === unitId(folder));
    const below = recursive ? units.filter((entry) => entry.unit.kind === 'folder' && entry.unit.path.startsWith(`${folder}/`)) : [];
    if (own && (own.unit.kind !== 'folder' || below.length === 0)) {
      own.unit.appliedBy.push(appliedBy);
      if (namespace) applyNamespace(own.objects, namespace);
      continue;
    }
    const parts = [...(own ? [own] : []), ...below];
    if (parts.length === 0) continue;
    const merged = unit(folder, 'folder', parts[0]!.unit.source, 'checked', parts.flatMap((entry) => entry.unit.files).sort(compareText));
    merged.appliedBy.push(appliedBy);
    const objects = parts.flatMap((entry) => entry.objects);
    for (const object of objects) updateObject(object, (value) => (value.unit = merged.id));
    if (namespace) applyNamespace(objects, namespace);
    for (const part of parts) units.splice(units.indexOf(part), 1);
    units.push({ unit: merged, objects });
  }
}

/** The namespace a GitOps object applies a folder into, as Argo CD (objects that name none) or Flux (every namespaced one) sets it. */
function applyNamespace(objects: readonly UnitObject[], namespace: NonNullable<GitopsPath['namespace']>): void {
  for (const object of objects) {
    if (CLUSTER_SCOPED.has(object.ref.kind) || !(namespace.overrides || object.ref.namespaceOmitted)) continue;
    updateObject(object, (value) => setNamespace(value, namespace.value));
  }
}

/** Records which units are alternatives of each other and which redefine a few objects of another (overlays). */
function relate(units: { unit: DeploymentUnit; objects: UnitObject[] }[]): void {
  const keys = new Map(units.map((entry) => [entry.unit, new Set(entry.objects.map((object) => identity(object.ref)))]));
  const byKey = new Map<string, DeploymentUnit[]>();
  for (const [unit, set] of keys) for (const key of set) byKey.set(key, [...(byKey.get(key) ?? []), unit]);
  const shared = new Map<DeploymentUnit, Map<DeploymentUnit, number>>();
  for (const holders of byKey.values()) {
    for (const a of holders) {
      for (const b of holders) {
        if (a === b) continue;
        const counts = shared.get(a) ?? new Map<DeploymentUnit, number>();
        counts.set(b, (counts.get(b) ?? 0) + 1);
        shared.set(a, counts);
      }
    }
  }
  for (const [a, counts] of shared) {
    for (const [b, count] of counts) {
      // A kustomization and what it includes, or two that include the same base, differ on purpose.
      if (a.includes.includes(b.id) || b.includes.includes(a.id) || a.includes.some((id) => b.includes.includes(id))) continue;
      const smaller = Math.min(keys.get(a)!.size, keys.get(b)!.size);
      if (count >= 2 && count >= ALTERNATIVE_OVERLAP * smaller) a.alternatives.push(b.id);
      else if (keys.get(a)!.size < keys.get(b)!.size) a.overlays.push(b.id);
    }
  }
  for (const { unit } of units) {
    unit.alternatives.sort(compareText);
    unit.overlays.sort(compareText);
  }
}

/**
 * A unit whose file a Makefile or script builds from other units is their alternative, whatever the
 * two still share (a bundle that drifted far is exactly what the shared objects miss), and records
 * the line that builds it.
 */
function relateBuilt(units: { unit: DeploymentUnit }[], steps: readonly BuildStep[]): void {
  const holding = (path: string) => units.filter(({ unit }) => unit.files.includes(path) || unit.path === unitId(path)).map(({ unit }) => unit);
  for (const step of steps) {
    // A file of a base is held by every overlay that includes it: it is built from the base.
    const sources = step.inputs.flatMap(holding);
    const from = [...new Set(sources.filter((unit) => !sources.some((other) => unit.includes.includes(other.id))))];
    for (const output of holding(step.output)) {
      const others = from.filter((unit) => unit !== output);
      if (others.length === 0) continue;
      output.builtBy.push({ from: others.map((unit) => unit.id).sort(compareText), command: step.command, source: step.source });
      for (const other of others) {
        for (const [a, b] of [[output, other], [other, output]] as const) {
          if (!a.alternatives.includes(b.id)) a.alternatives = [...a.alternatives, b.id].sort(compareText);
          a.overlays = a.overlays.filter((id) => id !== b.id);
        }
      }
    }
  }
}
