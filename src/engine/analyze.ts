import type { DocdriftConfig } from '../config/schema.ts';
import { buildDeployedModel } from '../model/build-deployed.ts';
import type { Claim, FileReference } from '../model/claims.ts';
import { ModelLookup } from '../model/lookup.ts';
import { loadReference, type Reference } from '../model/reference.ts';
import type { DeployedModel, DiscoveredFile, FileRole, HaproxyConfig, ParseProblem, Source, SynapseConfig, SynapseFileConfig } from '../model/types.ts';
import { buildVocabulary } from '../model/vocabulary.ts';
import type { KubernetesFile } from '../parse/kubernetes.ts';
import type { Kustomization } from '../parse/kustomization.ts';
import { buildSteps, type BuildFile } from '../units/build-evidence.ts';
import { buildUnits } from '../units/build-units.ts';
import { restrictToUnits } from '../units/view.ts';
import { extractHaproxyConfigs } from '../parse/haproxy-embedded.ts';
import type { RenderOutcome } from '../units/render-plan.ts';
import { synapseOfUnits } from '../units/synapse.ts';
import { UsageError } from './errors.ts';
import { addToGroup } from '../model/group.ts';
import { deriveRuntimeObjects } from '../runtime/derive.ts';
import { loadTables, type Tables } from '../runtime/tables.ts';
import type { Rule, RuleContext } from '../rules/define-rule.ts';
import { compareFindings, compareText, relatedAt, SEVERITY_RANK, summarize, type Finding, type RelatedLocation, type Summary } from './finding.ts';
import { parseFile, type ClaimSettings, type DocSummary, type ParsedFile, type ParseOptions } from './parse-file.ts';
import { collectSuppressions, type YamlIgnoreComment } from './suppressions.ts';

/** A file as read from disk, decoded. */
export interface SourceFile {
  path: string;
  role: FileRole;
  size: number;
  text: string;
}

/** Everything the parse stage produced, for rules that need more than the model. */
export interface AnalysisInputs {
  files: SourceFile[];
  problems: ParseProblem[];
  kubernetesFiles: KubernetesFile[];
  /** What rules need of each doc besides its claims: headings, directives. */
  docs: DocSummary[];
  /** What the docs claim, in file and line order. */
  claims: Claim[];
  /** Every file and folder below the root (root-relative), for link checks. */
  paths: ReadonlySet<string>;
}

export interface CheckResult {
  root: string;
  config: DocdriftConfig;
  files: DiscoveredFile[];
  model: DeployedModel;
  findings: Finding[];
  summary: Summary;
}

/** What analyze() needs besides the files: everything has a default for standalone use. */
export interface AnalyzeExtras {
  /** Every file and folder below the root, for link checks (default: the files themselves). */
  paths?: ReadonlySet<string>;
  /** Filled with milliseconds per stage, for benchmarks. */
  timings?: Record<string, number>;
  /** The root's path below its git repository's root (default '': the root is the repository). */
  repositoryPrefix?: string;
}

/** The deployment as parsed: its model, and what docs are read against. */
export interface Deployment {
  model: DeployedModel;
  lookup: ModelLookup;
  /** The units the docs describe (config `units.docs`), which docs/* rules read instead of every unit. */
  docsView: { model: DeployedModel; lookup: ModelLookup } | undefined;
  reference: Reference;
  /** What operators and Helm charts create, read with the reference (the rules stage only evaluates it). */
  tables: Tables;
  kubernetesFiles: KubernetesFile[];
  /** The manifests' `# docdrift-ignore` comments, in path order (the haproxy configs' are in the model). */
  yamlSuppressions: YamlIgnoreComment[];
  /** File names written in the manifests' comments, checked like the docs' references. */
  commentReferences: FileReference[];
  problems: ParseProblem[];
  docOptions: ParseOptions;
}

/**
 * The pure heart of docdrift, in one call: parse every file once, build the model, read the docs
 * against it, run the rules. `files` may come in any order; the result is the same.
 * check() runs the same stages with the parse cache and worker threads.
 */
export function analyze(
  root: string,
  files: SourceFile[],
  skipped: ParseProblem[],
  config: DocdriftConfig,
  rules: readonly Rule[],
  extras: AnalyzeExtras = {},
): CheckResult {
  const stage = stopwatch(extras.timings ?? {});
  const { deploymentFiles, docFiles } = splitByStage(files);
  const paths = extras.paths ?? new Set(files.map((file) => file.path));
  const deployment = buildDeployment(deploymentFiles.map((file) => parseFile(file, deploymentOptions(config))), config, {
    paths,
    text: textOf(files),
    repositoryPrefix: extras.repositoryPrefix,
    buildFiles: buildFilesOf(files),
  });
  stage('model');
  const docs = docFiles.map((file) => parseFile(file, deployment.docOptions));
  stage('docs');
  return judge({ root, files, skipped, config, rules, deployment, docs, paths: extras.paths, timings: extras.timings });
}

/** What building the deployment reads besides the parse results: the paths below the root, the texts of patch files and of the files generators read, where the root sits in its git repository. */
export interface UnitSources {
  paths: ReadonlySet<string>;
  text(path: string): string | undefined;
  /** The root's path inside its git repository (`git rev-parse --show-prefix`), for links that start with `/`. */
  repositoryPrefix?: string;
  /** What external renderers (helm template, kustomize build) made of charts and kustomizations (default: none, all in-process). */
  rendered?: readonly RenderOutcome[];
  /** Makefiles, scripts and docs, for the manifest files they build from others (see buildFilesOf). */
  buildFiles?: readonly BuildFile[];
}

/** A lookup of the (not yet released) texts of the deployment files. */
export function textOf(files: readonly SourceFile[]): (path: string) => string | undefined {
  const byPath = new Map(files.map((file) => [file.path, file]));
  return (path) => byPath.get(path)?.text;
}

/**
 * The files in path order (output never depends on discovery order), split into the two parse
 * stages. Makefiles are in neither: only their build steps are read (see buildFilesOf).
 */
export function splitByStage(files: SourceFile[]): { deploymentFiles: SourceFile[]; docFiles: SourceFile[] } {
  const sorted = [...files].sort((a, b) => compareText(a.path, b.path));
  // Shell scripts are procedures: read like docs, against the deployment.
  const procedure = (file: SourceFile): boolean => file.role === 'doc' || file.role === 'script';
  return { deploymentFiles: sorted.filter((file) => file.role === 'manifest' || file.role === 'haproxy'), docFiles: sorted.filter(procedure) };
}

/** The Makefiles, scripts and docs, in path order, whose lines may build a manifest file from others (read before their texts are let go). */
export function buildFilesOf(files: readonly SourceFile[]): BuildFile[] {
  return files.filter((file) => file.role === 'build' || file.role === 'script' || file.role === 'doc').sort((a, b) => compareText(a.path, b.path)).map(({ path, role, text }) => ({ path, role, text }));
}

export function deploymentOptions(config: DocdriftConfig): ParseOptions {
  return { stage: 'deployment', defaultNamespace: config.namespace };
}

/** Builds the deployed model from the parsed manifests and haproxy configs, and the options the docs are then parsed with. */
export function buildDeployment(parsed: ParsedFile[], config: DocdriftConfig, sources: UnitSources): Deployment {
  const manifests: KubernetesFile[] = [];
  const kustomizations: Kustomization[] = [];
  const synapse: (SynapseConfig | SynapseFileConfig)[] = [];
  const haproxy: HaproxyConfig[] = [];
  const yamlSuppressions: YamlIgnoreComment[] = [];
  const commentReferences: FileReference[] = [];
  for (const entry of parsed) {
    if (entry.role === 'haproxy') haproxy.push(entry.haproxy);
    else if (entry.role === 'manifest') {
      if (entry.kubernetes) manifests.push(entry.kubernetes);
      if (entry.kustomization) kustomizations.push(entry.kustomization);
      synapse.push(...entry.synapse);
      yamlSuppressions.push(...entry.suppressions);
      commentReferences.push(...entry.comments);
    }
  }
  // HAProxy configs written in ConfigMaps; a copy of a haproxy.cfg kept as a file is compared with it (k8s/embedded-config-drift), not read twice.
  const configFiles = new Set(haproxy.map((config) => config.file.slice(config.file.lastIndexOf('/') + 1)));
  const embedded = manifests.filter((file) => file.format === 'kubernetes').flatMap((file) => extractHaproxyConfigs(file, (key) => configFiles.has(key)));
  haproxy.push(...embedded.map((entry) => entry.config));
  const units = buildUnits({
    manifests,
    kustomizations,
    paths: sources.paths,
    text: sources.text,
    defaultNamespace: config.namespace,
    alternatives: config.units.alternatives,
    names: config.units.names,
    ...(sources.rendered ? { rendered: sources.rendered } : {}),
    buildSteps: buildSteps(sources.buildFiles ?? [], sources.paths),
  });
  const inChart = (file: string) => units.charts.some((chart) => chart === '' || file.startsWith(`${chart}/`));
  const kubernetesFiles = units.files;
  const valuesFiles = manifests.flatMap((file) => (file.values ? [{ file: file.file, values: file.values }] : []));
  const model = buildDeployedModel(kubernetesFiles, haproxy, synapseOfUnits(synapse, kubernetesFiles), units.units, valuesFiles);
  const reference = loadReference();
  const aliases = config.workers.aliases as Record<string, string[]>;
  const lookup = new ModelLookup(model, buildVocabulary(reference, aliases), { defaultNamespace: config.namespace, clusterDomain: config.clusterDomain });
  const claims: ClaimSettings = {
    aliases,
    serviceNames: sortedUnique(model.services.map((service) => service.name)),
    backendNames: sortedUnique(model.haproxy.flatMap((entry) => entry.backends.map((backend) => backend.name))),
    clusterDomain: config.clusterDomain,
    repositoryPrefix: sources.repositoryPrefix ?? '',
  };
  const problems = [...parsed.filter((entry) => !inChart(entry.path)).flatMap((entry) => entry.problems), ...embedded.filter(({ config }) => !inChart(config.file)).flatMap((entry) => entry.problems), ...units.problems];
  const docsView = config.units.docs.length > 0 ? describedUnits(model, config, reference) : undefined;
  return { model, lookup, docsView, reference, tables: loadTables(), kubernetesFiles, yamlSuppressions, commentReferences, problems, docOptions: { stage: 'docs', scopes: config.scopes, claims } };
}

/**
 * Lets a file's text go once it is parsed (about 110 MB at 1000× the embedded default): the parse
 * results carry all that is needed later, suppression comments included. Kept: files a ConfigMap
 * embeds under their name, which k8s/embedded-config-drift compares as text.
 */
export function textReleaser(model: DeployedModel): (file: SourceFile) => void {
  const embedded = new Set(model.configObjects.flatMap((object) => Object.keys(object.data)));
  return (file) => {
    if (!embedded.has(file.path.slice(file.path.lastIndexOf('/') + 1))) file.text = '';
  };
}

/** Everything judge() works from: the files in path order, the deployment, and the docs parsed against it. */
export interface JudgeInput {
  root: string;
  files: SourceFile[];
  skipped: ParseProblem[];
  config: DocdriftConfig;
  rules: readonly Rule[];
  deployment: Deployment;
  /** The parsed docs, in path order. */
  docs: ParsedFile[];
  paths: ReadonlySet<string> | undefined;
  timings: Record<string, number> | undefined;
}

/** Runs the rules over the deployment and the docs' claims; applies suppressions; sorts and counts the findings. */
export function judge(input: JudgeInput): CheckResult {
  const { root, skipped, config, rules, deployment } = input;
  const { model, lookup, reference, kubernetesFiles, yamlSuppressions } = deployment;
  const stage = stopwatch(input.timings ?? {});
  const sorted = [...input.files].sort((a, b) => compareText(a.path, b.path));
  const docs: DocSummary[] = [];
  const claims: Claim[] = [];
  for (const entry of input.docs) {
    if (entry.role !== 'doc') continue;
    docs.push(entry.doc);
    claims.push(...entry.claims);
  }
  claims.push(...deployment.commentReferences);
  const problems: ParseProblem[] = [...skipped, ...deployment.problems, ...input.docs.flatMap((entry) => entry.problems)];
  const paths = input.paths ?? new Set(sorted.map((file) => file.path));
  const inputs: AnalysisInputs = { files: sorted, problems, kubernetesFiles, docs, claims, paths };
  // What the docs' Helm releases and guides' fenced manifests create joins what operators and the cluster create.
  const runtime = deriveRuntimeObjects(model, claims, { defaultNamespace: config.namespace, paths }, deployment.tables);
  lookup.useRuntimeObjects(runtime);
  deployment.docsView?.lookup.useRuntimeObjects(runtime);
  const suppressions = collectSuppressions(model, docs, yamlSuppressions);
  const known = new Set(rules.map((rule) => rule.id));
  const suppressionState = {
    get directives() {
      return suppressions.directives;
    },
    isKnownRule: (id: string) => known.has(id),
    isEnabled: (id: string) => known.has(id) && config.rules[id] !== 'off',
  };
  const findings: Finding[] = [];
  // Rules that judge the suppressions run once the others have used them.
  const ordered = [...rules.filter((rule) => !rule.afterSuppressions), ...rules.filter((rule) => rule.afterSuppressions)];
  for (const rule of ordered) {
    const setting = config.rules[rule.id];
    if (setting === 'off') continue;
    const severity = setting ?? rule.severity;
    // docs/* rules hold the docs to the units they describe, when the config names them.
    const view = rule.id.startsWith('docs/') && deployment.docsView ? deployment.docsView : { model, lookup };
    const context: RuleContext = {
      model: view.model,
      lookup: view.lookup,
      reference,
      config,
      inputs,
      suppressions: suppressionState,
      report({ at, message, related = [], severity: lowered }) {
        if (suppressions.suppresses(rule.id, at, !rule.afterSuppressions)) return;
        findings.push({
          ruleId: rule.id,
          severity: lowered !== undefined && SEVERITY_RANK[lowered] < SEVERITY_RANK[severity] ? lowered : severity,
          impact: rule.impact,
          message,
          ...position(at),
          related: related.map((entry) => relatedAt(entry.at, entry.message)),
        });
      },
    };
    rule.check(context);
  }
  const unique = withUnits(dedupe(findings.sort(compareFindings)), model);
  stage('rules');
  const discovered = sorted.map(({ path, role, size }) => ({ path, role, size }));
  return { root, config, files: discovered, model, findings: unique, summary: summarize(unique, sorted.length) };
}


/**
 * Each finding in a manifest names the units that apply that file: which deployment it is about.
 * A kustomization's own file, and the patches beside it, belong to that kustomization.
 */
function withUnits(findings: Finding[], model: DeployedModel): Finding[] {
  const unitsByFile = new Map<string, string[]>();
  const kustomizationsByFolder = new Map<string, string[]>();
  for (const unit of model.units) {
    for (const file of [...unit.files, unit.source.file]) addToGroup(unitsByFile, file, unit.id);
    if (unit.kind === 'kustomization' || unit.kind === 'component') addToGroup(kustomizationsByFolder, unit.path, unit.id);
  }
  return findings.map((finding) => {
    const folder = finding.file.includes('/') ? finding.file.slice(0, finding.file.lastIndexOf('/')) : '.';
    const units = unitsByFile.get(finding.file) ?? kustomizationsByFolder.get(folder);
    return units ? { ...finding, units: [...new Set(units)].sort(compareText) } : finding;
  });
}

/** The model restricted to the units the config says the docs describe. */
function describedUnits(model: DeployedModel, config: DocdriftConfig, reference: Reference): { model: DeployedModel; lookup: ModelLookup } {
  const ids = new Set(config.units.docs);
  const unknown = config.units.docs.filter((id) => !model.units.some((unit) => unit.id === id));
  if (unknown.length > 0) throw new UsageError(`invalid config: units.docs: no deployment unit ${unknown.join(', ')} (units: ${model.units.map((unit) => unit.id).join(', ') || 'none'})`);
  const view = restrictToUnits(model, ids);
  const aliases = config.workers.aliases as Record<string, string[]>;
  return { model: view, lookup: new ModelLookup(view, buildVocabulary(reference, aliases), { defaultNamespace: config.namespace, clusterDomain: config.clusterDomain }) };
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** Records the time since the previous stage under each stage name. */
export function stopwatch(timings: Record<string, number>): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + (now - last);
    last = now;
  };
}

function position(at: Source) {
  return { file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn };
}

/**
 * One cause, one finding: a fact reached twice (a ConfigMap mounted by two containers, a base file
 * rendered in several kustomize units) is reported once, with the related places of every copy.
 */
function dedupe(findings: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const previous = out[out.length - 1];
    if (previous && compareFindings(previous, finding) === 0 && previous.endLine === finding.endLine && previous.endColumn === finding.endColumn && previous.severity === finding.severity) {
      const seen = new Set(previous.related.map(relatedKey));
      for (const entry of finding.related) if (!seen.has(relatedKey(entry))) previous.related.push(entry);
      continue;
    }
    out.push(finding);
  }
  return out;
}

function relatedKey(entry: RelatedLocation): string {
  return `${entry.file}:${entry.line}:${entry.column}:${entry.message}`;
}
