import type { DocdriftConfig } from '../config/schema.ts';
import { buildDeployedModel } from '../model/build-deployed.ts';
import { ModelLookup } from '../model/lookup.ts';
import { loadReference } from '../model/reference.ts';
import type { DeployedModel, DiscoveredFile, FileRole, ParseProblem, Source } from '../model/types.ts';
import { buildVocabulary } from '../model/vocabulary.ts';
import { parseHaproxy } from '../parse/haproxy.ts';
import { parseKubernetes, type KubernetesFile } from '../parse/kubernetes.ts';
import { extractSynapseConfigs } from '../parse/synapse.ts';
import { parseMarkdown, type MarkdownDocument } from '../parse/markdown.ts';
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
  paths: ReadonlySet<string> = new Set(files.map((file) => file.path)),
): CheckResult {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const problems: ParseProblem[] = [...skipped];
  const kubernetesFiles: KubernetesFile[] = [];
  const synapse = [];
  const haproxy = [];
  const docs: MarkdownDocument[] = [];
  for (const file of sorted) {
    if (file.role === 'doc') {
      const doc = parseMarkdown(file.path, file.text, config.scopes);
      docs.push(doc);
      problems.push(...doc.problems.map((problem) => ({ kind: 'invalid-directive' as const, ...problem })));
    }
    if (file.role === 'manifest') {
      const parsed = parseKubernetes(file.path, file.text, { defaultNamespace: config.namespace });
      problems.push(...parsed.problems);
      if (parsed.format !== 'kubernetes') continue;
      kubernetesFiles.push(parsed);
      const extracted = extractSynapseConfigs(parsed);
      synapse.push(...extracted.configs);
      problems.push(...extracted.problems);
    } else if (file.role === 'haproxy') {
      const parsed = parseHaproxy(file.path, file.text);
      haproxy.push(parsed.config);
      problems.push(...parsed.problems);
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
  const claims: Claim[] = docs.flatMap((doc) => extractClaims(doc, claimContext));
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
  const discovered = sorted.map(({ path, role, size }) => ({ path, role, size }));
  return { root, config, files: discovered, model, findings: unique, summary: summarize(unique, sorted.length) };
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
