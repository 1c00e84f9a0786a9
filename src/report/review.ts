import type { CheckResult } from '../engine/analyze.ts';
import { compareText, type Finding } from '../engine/finding.ts';
import { backendProcesses } from '../model/backend-processes.ts';
import { endpointSamples } from '../model/endpoint-samples.ts';
import { ModelLookup } from '../model/lookup.ts';
import type { Reference } from '../model/reference.ts';
import { routeRequest } from '../model/routing.ts';
import type { HaproxyBackend, Impact, Source, Workload } from '../model/types.ts';
import { buildVocabulary } from '../model/vocabulary.ts';
import type { Rule } from '../rules/define-rule.ts';
import { code, MarkdownWriter, prose } from './markdown-writer.ts';
import { rootCause } from './root-causes.ts';

export interface ReviewOptions {
  rules: readonly Rule[];
  reference: Reference;
  /** Printed as the review date; no date (and no timestamp) otherwise, so output is reproducible. */
  date?: string;
  defaultNamespace: string;
  clusterDomain: string;
}

/** One numbered issue of the review: every finding of one rule. */
export interface ReviewIssue {
  number: number;
  rule: Rule;
  impact: Impact;
  findings: Finding[];
}

const IMPACTS: Impact[] = ['critical', 'high', 'medium', 'low'];

/** Groups findings into the review's issues: one per rule, ordered by impact then rule id. */
export function reviewIssues(result: CheckResult, rules: readonly Rule[]): ReviewIssue[] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of result.findings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
  const groups = [...byRule.entries()].map(([ruleId, findings]) => ({
    rule: rules.find((rule) => rule.id === ruleId)!,
    impact: findings[0]!.impact,
    findings,
  }));
  groups.sort((a, b) => IMPACTS.indexOf(a.impact) - IMPACTS.indexOf(b.impact) || compareText(a.rule.id, b.rule.id));
  return groups.map((group, index) => ({ number: index + 1, ...group }));
}

/** The architecture review, in the shape of a reviewer's hand-written report, from a check result. */
export function writeReview(result: CheckResult, options: ReviewOptions): string {
  const lookup = new ModelLookup(result.model, buildVocabulary(options.reference), {
    defaultNamespace: options.defaultNamespace,
    clusterDomain: options.clusterDomain,
  });
  const issues = reviewIssues(result, options.rules);
  const out = new MarkdownWriter();
  out.heading(1, 'Architecture Review');
  const meta = [`**Root:** ${code(result.root)}`, '**Review type:** automated (docdrift)'];
  if (options.date) meta.unshift(`**Date:** ${options.date}`);
  out.list(meta);

  summary(out, result, lookup, issues);
  issuesSection(out, result, lookup, issues);
  validated(out, result, lookup);
  architecture(out, result, lookup, options.reference);
  checklist(out, result, lookup);
  filesToUpdate(out, issues);
  recommendations(out, result, lookup, issues);
  conclusion(out, issues);
  return out.toString();
}

// -- sections ---------------------------------------------------------------------------------------

function summary(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup, issues: ReviewIssue[]): void {
  out.heading(2, 'Executive Summary');
  const count = (role: string, word: string) => plural(result.files.filter((file) => file.role === role).length, word);
  const kinds = workerKinds(lookup);
  out.list([
    `Reviewed ${plural(result.files.length, 'file')}: ${count('doc', 'Markdown doc')}, ${count('manifest', 'manifest')}, ${count('haproxy', 'HAProxy config')}.`,
    `Deployed worker types: ${kinds.length > 0 ? kinds.map(({ kind, workloads }) => `${lookup.vocabulary.label(kind)} (${workloads.map((workload) => `${lookup.replicas(workload)}×`).join(', ')})`).join(', ') : 'none found'}.`,
    `Services: ${result.model.services.length} (${result.model.services.filter((service) => service.headless).length} headless); HAProxy backends: ${result.model.haproxy.reduce((sum, config) => sum + config.backends.length, 0)}.`,
  ]);
  if (issues.length === 0) {
    out.paragraph('**Verdict:** no drift found. Docs, manifests and HAProxy configuration agree.');
    return;
  }
  const byImpact = IMPACTS.map((impact) => [impact, issues.filter((issue) => issue.impact === impact).length] as const).filter(([, n]) => n > 0);
  out.paragraph(
    `**Verdict:** ${plural(issues.length, 'issue')} (${byImpact.map(([impact, n]) => `${n} ${impact}`).join(', ')}) from ${plural(result.findings.length, 'finding')} (${plural(result.summary.errors, 'error')}, ${plural(result.summary.warnings, 'warning')}, ${plural(result.summary.infos, 'info')}).`,
  );
}

function issuesSection(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup, issues: ReviewIssue[]): void {
  out.heading(2, 'Issues Found');
  if (issues.length === 0) {
    out.paragraph('None.');
    return;
  }
  for (const impact of IMPACTS) {
    const group = issues.filter((issue) => issue.impact === impact);
    if (group.length === 0) continue;
    out.heading(3, `${capitalize(impact)} Impact`);
    for (const issue of group) {
      out.heading(4, `${issue.number}. ${issue.rule.title ?? issue.rule.description.replace(/\.$/, '')} (${issue.impact.toUpperCase()})`);
      out.paragraph(`**Issue:** ${prose(issue.rule.description)} Rule ${code(issue.rule.id)}, ${issue.findings.length} ${issue.findings.length === 1 ? 'finding' : 'findings'}:`);
      out.list(issue.findings.map(describeFinding));
      if (issue.rule.consequence) out.paragraph(`**Impact:** ${prose(issue.rule.consequence)}`);
      const cause = rootCause(issue, lookup);
      if (cause) out.paragraph(`**Root cause:** ${cause}`);
      out.paragraph(`**Fix:** ${prose(issue.rule.fix)}`);
    }
  }
}

function describeFinding(finding: Finding): string {
  const related = finding.related.map((entry) => `${code(`${entry.file}:${entry.line}`)} (${prose(entry.message)})`);
  return `${code(`${finding.file}:${finding.line}`)}: ${prose(finding.message)}${related.length > 0 ? `. See ${related.join(', ')}.` : ''}`;
}

function validated(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup): void {
  out.heading(2, 'Validated Components');
  const flagged = (source: Source, endLine = source.endLine) =>
    result.findings.some((finding) => finding.file === source.file && finding.line >= source.line && finding.line <= endLine);
  const mark = (ok: boolean) => (ok ? '✅' : '⚠️');

  const workers = workerKinds(lookup).flatMap(({ workloads }) => workloads);
  out.heading(3, 'Worker Workloads');
  out.list(
    workers.length > 0
      ? workers.map((workload) => `${mark(!flagged(workload.documentSource))} ${describeWorkload(lookup, workload)}, ${where(workload.source)}`)
      : ['No Synapse workloads found.'],
  );

  out.heading(3, 'Services');
  out.list(
    result.model.services.map((service) => {
      const pods = lookup.selectedWorkloads(service).map((workload) => workload.name);
      const ports = service.ports.map((port) => `${port.port}${port.name ? ` (${port.name})` : ''}`).join(', ');
      return `${mark(!flagged(service.documentSource) && pods.length > 0)} ${code(service.name)}${service.headless ? ' headless' : ''}, ports ${ports || 'none'}, selects ${pods.length > 0 ? pods.map(code).join(', ') : 'no pods'}, ${where(service.source)}`;
    }),
  );

  out.heading(3, 'HAProxy Backends');
  const backends = result.model.haproxy.flatMap((config) => config.backends);
  out.list(
    backends.length > 0
      ? backends.map((backend) => {
          const lines = [backend.source.line, ...backend.servers.map((server) => server.source.line)];
          const ok = !result.findings.some((finding) => finding.file === backend.source.file && lines.includes(finding.line));
          return `${mark(ok)} ${code(backend.name)}: ${describeServers(backend)}, ${where(backend.source)}`;
        })
      : ['No HAProxy configuration found.'],
  );

  out.heading(3, 'Ingress Routing');
  const routes = result.model.ingresses.flatMap((ingress) => ingress.backends.map((backend) => ({ ingress, backend })));
  out.list(
    routes.length > 0
      ? routes.map(({ ingress, backend }) => `${mark(!flagged(backend.source))} ${code(`${backend.host ?? '*'}${backend.path ?? ''}`)} → ${code(`${backend.serviceName.value}:${backend.servicePort.value}`)} (Ingress ${code(ingress.name)}), ${where(backend.source)}`)
      : ['No Ingress found.'],
  );
}

function architecture(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup, reference: Reference): void {
  out.heading(2, 'Architecture as Deployed');
  out.heading(3, 'Worker Responsibilities');
  const handled = handledGroups(result, lookup, reference);
  const kinds = workerKinds(lookup);
  out.list(
    kinds.length > 0
      ? kinds.map(({ kind, workloads }) => {
          const groups = handled.get(kind);
          const handles = groups && groups.size > 0 ? [...groups].sort().join(', ') : 'no HTTP routes (background or replication only)';
          return `**${capitalize(lookup.vocabulary.label(kind))}** (${workloads.map((workload) => describeWorkload(lookup, workload)).join('; ')}): ${handles}.`;
        })
      : ['No Synapse workers found.'],
  );

  out.heading(3, 'HAProxy Routing Logic');
  for (const config of result.model.haproxy) {
    for (const frontend of config.frontends) {
      if (frontend.useBackends.length === 0 && !frontend.defaultBackend) continue;
      out.paragraph(`Frontend ${code(frontend.name)} in ${where(frontend.source)}, first match wins:`);
      const acls = new Map<string, string[]>();
      for (const acl of frontend.acls) acls.set(acl.name, [...(acls.get(acl.name) ?? []), `${acl.fetch} ${acl.patterns.map((pattern) => pattern.value).join(' ')}`]);
      const rules = frontend.useBackends.map((rule) => {
        const terms = rule.condition?.anyOf.map((group) => group.map((term) => `${term.negated ? '!' : ''}${term.acl.kind === 'named' ? term.acl.name.value : `{ ${term.acl.acl.fetch} ${term.acl.acl.patterns.map((pattern) => pattern.value).join(' ')} }`}`).join(' ')).join(' or ');
        const named = (rule.condition?.anyOf.flat() ?? []).flatMap(({ acl }) => (acl.kind === 'named' ? (acls.get(acl.name.value) ?? []).map((text) => `${acl.name.value}: ${text}`) : []));
        const backend = config.backends.find((entry) => entry.name === rule.backend.value);
        return `${code(`use_backend ${rule.backend.value}${rule.condition ? ` ${rule.condition.polarity} ${terms}` : ''}`)} (line ${rule.source.line})${backend ? `, balance ${backend.balance?.value ?? 'roundrobin'}` : ''}${named.length > 0 ? `; ${named.map(code).join('; ')}` : ''}`;
      });
      if (frontend.defaultBackend) rules.push(`${code(`default_backend ${frontend.defaultBackend.value}`)} (line ${frontend.defaultBackend.source.line}): everything else`);
      out.list(rules, true);
    }
  }

  out.heading(3, 'Fallbacks');
  const fallbacks = result.model.haproxy.flatMap((config) =>
    config.backends.flatMap((backend) => backend.servers.filter((server) => server.backup).map((server) => `${code(backend.name)} falls back to ${code(server.address.value)} when all its regular servers are down`)),
  );
  out.list(fallbacks.length > 0 ? fallbacks : ['No backup servers: a backend whose servers are all down answers 503.']);
}

function checklist(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup): void {
  out.heading(2, 'Testing and Validation Checklist');
  const templates = result.model.haproxy.flatMap((config) => config.backends.flatMap((backend) => backend.servers.filter((server) => server.srv)));
  const srvNames = [...new Set(templates.map((server) => server.host))];
  if (srvNames.length > 0) {
    out.heading(3, 'DNS Service Discovery');
    out.paragraph('Each SRV name HAProxy resolves must answer one record per ready pod:');
    out.code('bash', srvNames.map((name) => `dig ${name} SRV`));
  }
  if (result.model.haproxy.length > 0) {
    out.heading(3, 'HAProxy Configuration');
    out.code('bash', result.model.haproxy.map((config) => `haproxy -c -f ${config.file}`));
  }
  const haproxyWorkload = result.model.workloads.find((workload) => /haproxy/i.test(workload.name));
  const probes = workerKinds(lookup)
    .flatMap(({ workloads }) => workloads)
    .flatMap((workload) => {
      const service = lookup.servicesFor(workload)[0];
      const port = workload.containers.flatMap((container) => container.ports).find((entry) => entry.name !== 'replication' && entry.name !== 'metrics');
      if (!service || !port) return [];
      const host = workload.kind === 'StatefulSet' ? `${workload.name}-0.${service.name}` : service.name;
      return [`kubectl exec -n ${workload.namespace} ${haproxyWorkload ? `deploy/${haproxyWorkload.name}` : 'POD'} -- \\`, `  curl -fsS http://${host}.${workload.namespace}.svc.${lookup.options.clusterDomain}:${port.containerPort}/health`];
    });
  if (probes.length > 0) {
    out.heading(3, 'Port Connectivity');
    out.code('bash', probes);
  }
  const stats = result.model.services.find((service) => service.ports.some((port) => port.name === 'stats' || port.port === 8404));
  if (stats) {
    const port = stats.ports.find((entry) => entry.name === 'stats' || entry.port === 8404)!;
    out.heading(3, 'HAProxy Stats');
    out.code('bash', [`kubectl port-forward -n ${stats.namespace} svc/${stats.name} ${port.port}:${port.port}`]);
    out.paragraph(`Then open ${code(`http://localhost:${port.port}/stats`)}: every backend should list healthy servers.`);
  }
}

function filesToUpdate(out: MarkdownWriter, issues: ReviewIssue[]): void {
  out.heading(2, 'Files Requiring Updates');
  const files = new Map<string, Set<number>>();
  for (const issue of issues) for (const finding of issue.findings) files.set(finding.file, (files.get(finding.file) ?? new Set()).add(issue.number));
  out.list(
    files.size > 0
      ? [...files.entries()].sort(([a], [b]) => compareText(a, b)).map(([file, numbers]) => `${code(file)}: issue${numbers.size > 1 ? 's' : ''} ${[...numbers].join(', ')}`)
      : ['None.'],
  );
}

function recommendations(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup, issues: ReviewIssue[]): void {
  out.heading(2, 'Recommendations');
  if (issues.length > 0) {
    out.heading(3, 'Immediate Actions');
    out.list(issues.map((issue) => `Issue ${issue.number}: ${prose(issue.rule.fix)}`), true);
  }
  out.heading(3, 'Operational Readiness');
  const kinds = workerKinds(lookup).map(({ kind }) => lookup.vocabulary.label(kind));
  const withBackup = result.model.haproxy.flatMap((config) => config.backends.filter((backend) => backend.servers.some((server) => server.backup)).map((backend) => backend.name));
  out.list([
    ...(kinds.length > 0 ? [`Monitor every worker type: ${kinds.join(', ')}.`] : []),
    ...(result.model.haproxy.length > 0 ? ['Alert on HAProxy backends with no healthy servers.'] : []),
    ...(withBackup.length > 0 ? [`Test the fallbacks: stop the workers behind ${withBackup.map(code).join(', ')} and check that the backup serves.`] : []),
    'Run docdrift in CI so docs, manifests and HAProxy cannot drift apart again.',
  ]);
}

function conclusion(out: MarkdownWriter, issues: ReviewIssue[]): void {
  out.heading(2, 'Conclusion');
  if (issues.length === 0) {
    out.paragraph('**Status:** production-ready as far as docdrift can tell: no drift between docs, manifests and HAProxy.');
    return;
  }
  const blocking = issues.filter((issue) => issue.impact === 'critical' || issue.impact === 'high');
  out.paragraph(
    blocking.length > 0
      ? `**Status:** not production-ready: fix issue${blocking.length > 1 ? 's' : ''} ${blocking.map((issue) => issue.number).join(', ')} before deploying; the others before the docs are relied on.`
      : '**Status:** deployable; the documentation needs the updates listed above before it is relied on.',
  );
}

// -- helpers -----------------------------------------------------------------------------------------

function workerKinds(lookup: ModelLookup): { kind: string; workloads: Workload[] }[] {
  const kinds = new Map<string, Workload[]>();
  for (const workload of lookup.model.workloads) {
    const kind = lookup.workerKind(workload);
    if (kind) kinds.set(kind, [...(kinds.get(kind) ?? []), workload]);
  }
  return [...kinds.entries()].map(([kind, workloads]) => ({ kind, workloads }));
}

function describeWorkload(lookup: ModelLookup, workload: Workload): string {
  const autoscaler = lookup.autoscalerFor(workload);
  const ports = workload.containers.flatMap((container) => container.ports).map((port) => `${port.containerPort}${port.name ? ` (${port.name})` : ''}`);
  const scaling = autoscaler ? `, autoscaled ${autoscaler.minReplicas?.value ?? 1}-${autoscaler.maxReplicas.value}` : '';
  return `${workload.kind} ${code(workload.name)}: ${lookup.replicas(workload)} ${lookup.replicas(workload) === 1 ? 'replica' : 'replicas'}${scaling}, ports ${ports.join(', ') || 'none'}`;
}

function describeServers(backend: HaproxyBackend): string {
  const servers = backend.servers.map((server) => `${server.kind} ${code(server.address.value)}${server.slots ? ` ×${server.slots.value}` : ''}${server.backup ? ' (backup)' : ''}`);
  return `balance ${backend.balance?.value ?? 'roundrobin'}; ${servers.join('; ') || 'no servers'}`;
}

function where(source: Source): string {
  return code(`${source.file}:${source.line}`);
}

/** Endpoint groups (the reference's names: "Sync requests" …) each worker kind receives through HAProxy. */
function handledGroups(result: CheckResult, lookup: ModelLookup, reference: Reference): Map<string, Set<string>> {
  const groupOf = new Map<string, string>();
  const docs = reference.endpoints.synapse_docs;
  for (const lists of [docs.generic_worker_any_method, docs.generic_worker_get_only, docs.stream_writer_endpoints]) {
    for (const [group, regexes] of Object.entries(lists)) for (const regex of regexes) if (!groupOf.has(regex)) groupOf.set(regex, group);
  }
  const handled = new Map<string, Set<string>>();
  for (const sample of endpointSamples(reference)) {
    const group = sample.servedBy.kind === 'media' ? 'Media requests' : sample.servedBy.kind === 'main-only' ? 'Main-only requests' : (groupOf.get(sample.origin) ?? 'Other requests');
    for (const config of result.model.haproxy) {
      for (const frontend of config.frontends) {
        const decision = routeRequest(config, frontend, { path: sample.path, method: sample.method });
        const backend = config.backends.find((entry) => entry.name === decision.backend);
        if (!backend || !decision.certain) continue;
        for (const process of backendProcesses(lookup, backend)) {
          const kind = lookup.workerKind(process.workload);
          if (kind) handled.set(kind, (handled.get(kind) ?? new Set()).add(group));
        }
      }
    }
  }
  return handled;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
