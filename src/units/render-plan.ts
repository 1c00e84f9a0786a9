/**
 * What the external renderers (`kustomize build`, `kubectl kustomize`, `helm template`) would be
 * asked to render, and with which command line. Pure: the processes are run elsewhere
 * (external-render.ts), so what is run is decided, and tested, without running anything.
 */
import { parseDocument } from 'yaml';
import { joinPath } from '../model/build-claims.ts';
import { compareText } from '../engine/finding.ts';
import type { Kustomization } from '../parse/kustomization.ts';
import { argv, parseShell } from '../parse/shell.ts';
import { readHelmCommand, type HelmCommand } from '../runtime/releases.ts';
import { isRemote } from './kustomize.ts';

/** A renderer found on PATH: the words that start a render, and the version it reported. */
export interface RenderTool {
  /** `['kustomize', 'build']`, `['kubectl', 'kustomize']` or `['helm', 'template']`. */
  command: string[];
  version: string;
}

export interface RenderTools {
  kustomize: RenderTool | undefined;
  helm: RenderTool | undefined;
}

/** One render to run: a chart or a kustomization folder, and the command that renders it. */
export interface RenderJob {
  /** The unit's folder, root-relative ('' for the root). */
  folder: string;
  kind: 'chart' | 'kustomization';
  /** The whole command line, run in the checked root. */
  argv: string[];
  /** The renderer's version, part of the cache key. */
  version: string;
  /** Root-relative files whose contents the output depends on (the cache key): every file below the folders rendered, and values files. */
  inputs: string[];
  /** Namespace of objects the output leaves without one (`helm template -n`), else undefined. */
  namespace: string | undefined;
}

/** What became of a unit's external render. */
export type RenderOutcome = { folder: string; kind: 'chart' | 'kustomization'; command: string; namespace: string | undefined } & (
  | { status: 'rendered'; output: string }
  /** Non-zero exit, timeout, too much output, output that is not YAML: `reason` says which, with stderr's first line. */
  | { status: 'failed'; reason: string }
  /** Not run: rendering would need the network. */
  | { status: 'skipped'; reason: string }
);

/** A `helm install|upgrade --install` line of a doc or script, with the file it is written in. */
export interface HelmCommandAt {
  command: HelmCommand;
  file: string;
}

/**
 * The Helm commands written in docs and scripts, in path and line order. Read from the raw text
 * (before the docs are parsed, which needs the model these commands help build): every line that
 * runs `helm install` or `helm upgrade`, with its `\` continuations.
 */
export function helmCommandsIn(files: readonly { path: string; text: string }[]): HelmCommandAt[] {
  const found: HelmCommandAt[] = [];
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
    if (!/\bhelm\b/.test(file.text)) continue;
    const lines = file.text.split(/\r?\n/);
    for (let index = 0; index < lines.length; index++) {
      if (!/\bhelm\s+(?:\S+\s+)*?(?:install|upgrade)\b/.test(lines[index]!)) continue;
      let command = lines[index]!.replace(/^\s*\$\s+/, '');
      while (/\\\s*$/.test(command) && index + 1 < lines.length) command = `${command.replace(/\\\s*$/, ' ')}${lines[++index]!}`;
      for (const parsed of parseShell(command).commands) {
        const helm = readHelmCommand(argv(parsed));
        if (helm) found.push({ command: helm, file: file.path });
      }
    }
  }
  return found;
}

export interface PlanInput {
  /** Every file and folder below the root. */
  paths: ReadonlySet<string>;
  /** The text of a deployment file (Chart.yaml, requirements.yaml). */
  text(path: string): string | undefined;
  kustomizations: readonly Kustomization[];
  helmCommands: readonly HelmCommandAt[];
}

/** Folders of the Helm charts below the root (a chart vendored in another's `charts/` included), in path order. */
export function chartFolders(paths: ReadonlySet<string>): string[] {
  return [...paths].filter((path) => path === 'Chart.yaml' || path.endsWith('/Chart.yaml')).map(folderOf).sort(compareText);
}

export function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

const below = (folder: string, path: string) => folder === '' || path === folder || path.startsWith(`${folder}/`);

/**
 * The renders to run for the charts (outermost only: a vendored subchart renders with its parent)
 * and the kustomizations (not Components, which do not build alone), and the ones not run because
 * they would fetch from the network.
 */
export function planRenders(input: PlanInput, tools: RenderTools): { jobs: RenderJob[]; skipped: RenderOutcome[] } {
  const jobs: RenderJob[] = [];
  const skipped: RenderOutcome[] = [];
  const charts = chartFolders(input.paths);
  const outermost = charts.filter((chart) => !charts.some((other) => other !== chart && below(other, chart)));
  // `paths` holds folders and files alike; a folder is a path something else lies below.
  const folders = new Set([...input.paths].map(folderOf));
  const files = [...input.paths].filter((path) => !folders.has(path)).sort(compareText);
  const filesBelow = (folder: string) => files.filter((path) => below(folder, path));
  if (tools.helm) {
    for (const chart of outermost) {
      const helm = helmJob(chart, input, tools.helm, filesBelow(chart));
      if ('argv' in helm) jobs.push(helm);
      else skipped.push(helm);
    }
  }
  if (tools.kustomize) {
    for (const kustomization of input.kustomizations) {
      if (kustomization.kind !== 'Kustomization' || charts.some((chart) => below(chart, kustomization.dir))) continue;
      const reach = localReach(kustomization, input.kustomizations);
      // One that would fetch or read outside the checked folder is left to the in-process renderer, which says once what it does not apply.
      if (!reach) continue;
      const inputs = [...new Set([...reach.folders.flatMap(filesBelow), ...reach.files])].sort(compareText);
      jobs.push({ folder: kustomization.dir, kind: 'kustomization', argv: [...tools.kustomize.command, kustomization.dir || '.'], version: tools.kustomize.version, inputs, namespace: undefined });
    }
  }
  return { jobs, skipped };
}

/** `helm template RELEASE ./CHART [-n NS] [-f VALUES…] [--set …]` for a chart: the release the docs install, else the chart's name and its own values. */
function helmJob(chart: string, input: PlanInput, tool: RenderTool, inputs: string[]): RenderJob | RenderOutcome {
  const chartFile = chart === '' ? 'Chart.yaml' : `${chart}/Chart.yaml`;
  const metadata = chartMetadata(input.text(chartFile));
  const release = input.helmCommands.find((entry) => resolveUpward(entry.file, entry.command.chart, input.paths) === chart);
  const name = release?.command.release ?? metadata.name ?? (chart.slice(chart.lastIndexOf('/') + 1) || 'release');
  const namespace = release?.command.namespace;
  const values = (release?.command.valuesFiles ?? []).flatMap((file) => {
    const found = resolveUpward(release!.file, file, input.paths);
    return found === undefined ? [] : [found];
  });
  const args = [...tool.command, name, chart === '' ? '.' : `./${chart}`, ...(namespace ? ['-n', namespace] : []), ...values.flatMap((file) => ['-f', file]), ...setArgs(release?.command.set ?? [])];
  const missing = metadata.dependencies.filter((dependency) => dependency.remote && !vendored(chart, dependency.name, input.paths));
  if (missing.length > 0) {
    return {
      folder: chart,
      kind: 'chart',
      command: args.join(' '),
      namespace,
      status: 'skipped',
      reason: `its dependencies ${missing.map((dependency) => dependency.name).join(', ')} are not vendored in charts/, and docdrift does not fetch them`,
    };
  }
  return { folder: chart, kind: 'chart', argv: args, version: tool.version, inputs: [...new Set([...inputs, ...values])].sort(compareText), namespace };
}

/**
 * The `--set` values of the install, as helm reads them again: strings with `--set-string` (commas
 * escaped), the rest with `--set`. A value taken from the shell (`$TAG`) is not known and not passed.
 */
function setArgs(pairs: readonly [string, unknown][]): string[] {
  const text = (value: unknown): string => (Array.isArray(value) ? `{${value.map(text).join(',')}}` : String(value).replace(/,/g, '\\,'));
  return pairs.flatMap(([key, value]) => {
    if (JSON.stringify(value)?.includes('$')) return [];
    return typeof value === 'string' ? ['--set-string', `${key}=${text(value)}`] : ['--set', `${key}=${text(value)}`];
  });
}

/** Chart.yaml's name and dependencies (Helm 2 charts list them in requirements.yaml, read as well when it is a deployment file). */
function chartMetadata(text: string | undefined): { name: string | undefined; dependencies: { name: string; remote: boolean }[] } {
  let data: { name?: unknown; dependencies?: unknown } = {};
  try {
    const value: unknown = parseDocument(text ?? '').toJS();
    if (typeof value === 'object' && value !== null) data = value as typeof data;
  } catch {
    // helm itself says what is wrong with the file.
  }
  const dependencies = (Array.isArray(data.dependencies) ? data.dependencies : [])
    .filter((entry): entry is { name: string; repository?: unknown } => typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string')
    .map((entry) => ({ name: entry.name, remote: typeof entry.repository === 'string' && entry.repository !== '' && !entry.repository.startsWith('file://') }));
  return { name: typeof data.name === 'string' && data.name !== '' ? data.name : undefined, dependencies };
}

function vendored(chart: string, name: string, paths: ReadonlySet<string>): boolean {
  const folder = chart === '' ? 'charts' : `${chart}/charts`;
  if (paths.has(`${folder}/${name}`)) return true;
  for (const path of paths) if (path.startsWith(`${folder}/${name}-`) && path.endsWith('.tgz')) return true;
  return false;
}

/**
 * A path written in a doc or script, as the folder it names: read from the file's folder, then each
 * folder above it (a reader runs the command from the doc's folder or the repository root). Only
 * paths that exist below the root count; a chart from a repository (`bitnami/redis`) is none.
 */
function resolveUpward(file: string, written: string, paths: ReadonlySet<string>): string | undefined {
  if (written === '' || written === '-' || /^[a-z][a-z0-9+.-]*:\/\//i.test(written) || written.startsWith('/')) return undefined;
  for (let folder: string | undefined = folderOf(file); folder !== undefined; folder = folder === '' ? undefined : folderOf(folder)) {
    const joined = joinPath(folder, written);
    if (joined !== undefined && (joined === '' || paths.has(joined))) return joined;
  }
  return undefined;
}

/** The local folders and files a kustomization builds from, or undefined when building it would fetch (a remote base, a Helm chart to inflate) or read outside the checked folder. */
function localReach(start: Kustomization, all: readonly Kustomization[]): { folders: string[]; files: string[] } | undefined {
  const byDir = new Map(all.map((entry) => [entry.dir, entry]));
  const folders = new Set<string>();
  const files = new Set<string>();
  const pending = [start];
  while (pending.length > 0) {
    const kustomization = pending.pop()!;
    if (folders.has(kustomization.dir)) continue;
    folders.add(kustomization.dir);
    // kustomize inflates `helmCharts` only with --enable-helm, pulling the charts: never run.
    if (kustomization.notApplied.some((field) => field.value === 'helmCharts' || field.value === 'helmChartInflationGenerator')) return undefined;
    const entries = [...kustomization.resources, ...kustomization.components, ...kustomization.patches.flatMap((patch) => (patch.path ? [patch.path] : [])), ...kustomization.generators.flatMap((generator) => generator.files)];
    for (const entry of entries) {
      if (isRemote(entry.value.trim())) return undefined;
      const target = joinPath(kustomization.dir, entry.value.trim());
      // Outside the checked folder: kustomize would read what docdrift does not (nor its cache key covers).
      if (target === undefined) return undefined;
      const included = byDir.get(target);
      if (included) pending.push(included);
      else files.add(target);
    }
  }
  return { folders: [...folders], files: [...files] };
}
