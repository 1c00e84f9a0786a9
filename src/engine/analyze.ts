import type { DocdriftConfig } from '../config/schema.ts';
import { buildDeployedModel } from '../model/build-deployed.ts';
import { ModelLookup } from '../model/lookup.ts';
import { loadReference } from '../model/reference.ts';
import type { DeployedModel, DiscoveredFile, FileRole, HaproxyConfig, ParseProblem, Source, SynapseConfig } from '../model/types.ts';
import { buildVocabulary } from '../model/vocabulary.ts';
import type { KubernetesFile } from '../parse/kubernetes.ts';
import type { MarkdownDocument } from '../parse/markdown.ts';
import { parseFile, type ParsedFile } from './parse-file.ts';
import { extractClaims } from '../model/build-claims.ts';
import type { Claim } from '../model/claims.ts';
import type { Rule, RuleContext } from '../rules/define-rule.ts';
import { compareFindings, relatedAt, summarize, type Finding, type Summary } from './finding.ts';
import { collectSuppressions } from './suppressions.ts';

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
  docs: MarkdownDocument[];
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

/** What check() hands analyze() besides the files: everything has a default for standalone use. */
export interface AnalyzeExtras {
  /** Every file and folder below the root, for link checks (default: the files themselves). */
  paths?: ReadonlySet<string>;
  /** The files already parsed (from the cache or worker threads), in the order of `files`. */
  parsed?: ParsedFile[];
  /** Filled with milliseconds per stage, for benchmarks. */
  timings?: Record<string, number>;
}

/**
 * The pure heart of docdrift: parse every file once, build the model, run the rules.
 * `files` may come in any order; the result is the same.
 */
export function analyze(
  root: string,
  files: SourceFile[],
  skipped: ParseProblem[],
  config: DocdriftConfig,
  rules: readonly Rule[],
  extras: AnalyzeExtras = {},
): CheckResult {
  const { timings = {} } = extras;
  const paths = extras.paths ?? new Set(files.map((file) => file.path));
  const stage = stopwatch(timings);
  const byPath = new Map((extras.parsed ?? []).map((entry) => [entry.path, entry]));
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parseOptions = { defaultNamespace: config.namespace, scopes: config.scopes };
  const parsedFiles = sorted.map((file) => byPath.get(file.path) ?? parseFile(file, parseOptions));
  stage('parse');
  const problems: ParseProblem[] = [...skipped, ...parsedFiles.flatMap((entry) => entry.problems)];
  const kubernetesFiles: KubernetesFile[] = [];
  const synapse: SynapseConfig[] = [];
  const haproxy: HaproxyConfig[] = [];
  const docs: MarkdownDocument[] = [];
  for (const entry of parsedFiles) {
    if (entry.role === 'doc') docs.push(entry.doc);
    else if (entry.role === 'haproxy') haproxy.push(entry.haproxy);
    else if (entry.kubernetes) {
      kubernetesFiles.push(entry.kubernetes);
      synapse.push(...entry.synapse);
    }
  }
  const model = buildDeployedModel(kubernetesFiles, haproxy, synapse);
  const reference = loadReference();
  const lookup = new ModelLookup(model, buildVocabulary(reference, config.workers.aliases as Record<string, string[]>), {
    defaultNamespace: config.namespace,
    clusterDomain: config.clusterDomain,
  });
  const claimContext = {
    vocabulary: lookup.vocabulary,
    serviceNames: new Set(model.services.map((service) => service.name)),
    backendNames: new Set(model.haproxy.flatMap((entry) => entry.backends.map((backend) => backend.name))),
    clusterDomain: config.clusterDomain,
  };
  stage('model');
  const claims: Claim[] = docs.flatMap((doc) => extractClaims(doc, claimContext));
  stage('claims');
  const inputs: AnalysisInputs = { files: sorted, problems, kubernetesFiles, docs, claims, paths };
  const suppressions = collectSuppressions(model, docs, sorted);
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
    const context: RuleContext = {
      model,
      lookup,
      reference,
      config,
      inputs,
      suppressions: suppressionState,
      report({ at, message, related = [] }) {
        if (suppressions.suppresses(rule.id, at, !rule.afterSuppressions)) return;
        findings.push({
          ruleId: rule.id,
          severity,
          impact: rule.impact,
          message,
          ...position(at),
          related: related.map((entry) => relatedAt(entry.at, entry.message)),
        });
      },
    };
    rule.check(context);
  }
  const unique = dedupe(findings.sort(compareFindings));
  stage('rules');
  const discovered = sorted.map(({ path, role, size }) => ({ path, role, size }));
  return { root, config, files: discovered, model, findings: unique, summary: summarize(unique, sorted.length) };
}

/** Records the time since the previous stage under each stage name. */
function stopwatch(timings: Record<string, number>): (name: string) => void {
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

/** Two rules paths may reach the same fact twice (a ConfigMap mounted by two containers): report it once. */
function dedupe(findings: Finding[]): Finding[] {
  return findings.filter((finding, index) => {
    const previous = findings[index - 1];
    return !previous || JSON.stringify(previous) !== JSON.stringify(finding);
  });
}
