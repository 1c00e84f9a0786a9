import type { CheckResult } from '../engine/analyze.ts';
import { compareText } from '../engine/finding.ts';
import { backendProcesses } from '../model/backend-processes.ts';
import { endpointSamples } from '../model/endpoint-samples.ts';
import { ModelLookup } from '../model/lookup.ts';
import type { Reference } from '../model/reference.ts';
import { routeRequest } from '../model/routing.ts';
import type { DeploymentUnit, HaproxyBackend, HaproxyServer, Impact, Source, Workload } from '../model/types.ts';
import { addToGroup } from '../model/group.ts';
import { buildVocabulary } from '../model/vocabulary.ts';
import type { Rule } from '../rules/define-rule.ts';
import { code, headingSlug, MarkdownWriter, plural, prose } from './markdown-writer.ts';
import { digCommand, haproxyCheck, rootCauses, type CausePlace, type RootCause, type RootCauseInput } from './root-causes.ts';

/** Where the reviewed root comes from, when it is in git: printed in the header, never the wall clock. */
export interface Provenance {
  commit: string;
  /** The commit's committer date, YYYY-MM-DD in UTC. */
  commitDate: string;
  /** https URL of the repository's web view, when a remote is known. */
  webUrl?: string;
  /** The root's path inside the repository ('' at the top), for web links. */
  pathInRepo?: string;
}

export interface ReviewOptions {
  rules: readonly Rule[];
  reference: Reference;
  /** Printed as the review date; no date (and no timestamp) otherwise, so output is reproducible. */
  date?: string;
  defaultNamespace: string;
  clusterDomain: string;
  /** File texts by root-relative path, so fixes can be computed edits (diffs, joined lines). */
  sources?: ReadonlyMap<string, string>;
  provenance?: Provenance;
  /** The root as the user gave it (default: the check result's root). */
  rootLabel?: string;
  /** docdrift's version, for the header. */
  version?: string;
}

/** A root cause as the review numbers it, with the anchor of its heading. */
export interface ReviewIssue extends RootCause {
  number: number;
  anchor: string;
}

const IMPACTS: Impact[] = ['critical', 'high', 'medium', 'low'];
/** Issues the executive summary gives a paragraph of their own (every critical one gets one). */
const SUMMARY_PARAGRAPHS = 4;
/** Places listed in the open; the rest go in a collapsed list. */
const OPEN_PLACES = 2;

/** The review's issues: root causes numbered in order, each with its heading anchor. */
export function reviewIssues(result: CheckResult, options: ReviewOptions, lookup = lookupFor(result, options)): ReviewIssue[] {
  const causes = rootCauses({ result, lookup, reference: options.reference, rules: options.rules, ...(options.sources ? { sources: options.sources } : {}) });
  return causes.map((cause, index) => ({ ...cause, number: index + 1, anchor: headingSlug(issueHeading(index + 1, cause)) }));
}

function lookupFor(result: CheckResult, options: ReviewOptions): ModelLookup {
  return new ModelLookup(result.model, buildVocabulary(options.reference), { defaultNamespace: options.defaultNamespace, clusterDomain: options.clusterDomain });
}

function issueHeading(number: number, cause: RootCause): string {
  return `${number}. ${cause.title} (${cause.impact})`;
}

/** The architecture review, in the shape of a reviewer's hand-written report, from a check result. */
export function writeReview(result: CheckResult, options: ReviewOptions): string {
  const lookup = lookupFor(result, options);
  const issues = reviewIssues(result, options, lookup);
  const out = new MarkdownWriter();
  // <details> keeps long lists of places short; diff lines and table rows cannot be wrapped: markdownlint is told so in the file itself.
  out.raw(['<!-- markdownlint-configure-file {', '  "MD013": { "code_blocks": false, "headings": false, "tables": false },', '  "MD033": { "allowed_elements": ["details", "summary"] }', '} -->'].join('\n'));
  out.heading(1, 'Architecture Review');
  out.list(header(result, options));
  if (issues.length === 0) {
    clean(out, result, lookup);
    return out.toString();
  }
  summary(out, result, issues);
  issuesSection(out, issues);
  validated(out, result, lookup, issues);
  architecture(out, result, lookup, options.reference, issues);
  checklist(out, { result, lookup, reference: options.reference }, issues, options.rootLabel ?? result.root);
  filesToUpdate(out, issues);
  conclusion(out, issues);
  return out.toString();
}

/** The review as data (`docdrift report --format json`): the issues with their places, fix and checks. */
export function reviewData(result: CheckResult, options: ReviewOptions) {
  const issues = reviewIssues(result, options);
  const count = (impact: Impact) => issues.filter((issue) => issue.impact === impact).length;
  return {
    version: 1,
    root: options.rootLabel ?? result.root,
    ...(options.version ? { docdrift: options.version } : {}),
    ...(options.provenance ? { commit: options.provenance.commit, commitDate: options.provenance.commitDate } : {}),
    ...(options.date ? { date: options.date } : {}),
    summary: { issues: issues.length, critical: count('critical'), high: count('high'), medium: count('medium'), low: count('low'), findings: result.findings.length },
    issues: issues.map(({ number, id, anchor, title, impact, severity, consequence, ruleIds, places, effects, fix, verification, seeAlso }) => ({
      number,
      id,
      anchor,
      title,
      impact,
      severity,
      consequence,
      rules: ruleIds,
      places,
      effects,
      fix,
      verification,
      seeAlso,
    })),
  };
}

function header(result: CheckResult, options: ReviewOptions): string[] {
  const lines = [`**Root:** ${code(options.rootLabel ?? result.root)}`];
  if (options.provenance) lines.push(`**Commit:** ${code(options.provenance.commit.slice(0, 12))} (${options.provenance.commitDate})`);
  if (options.date) lines.push(`**Date:** ${options.date}`);
  lines.push(`**Review type:** automated (docdrift${options.version ? ` ${options.version}` : ''})`);
  return lines;
}

// -- sections ---------------------------------------------------------------------------------------

/** Nothing to report: one screen that says so and what was checked. */
function clean(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup): void {
  out.heading(2, 'Executive Summary');
  out.paragraph('**No drift found.** Docs, manifests and HAProxy configuration agree; there is nothing to fix.');
  out.list(scope(result, lookup));
}

function scope(result: CheckResult, lookup: ModelLookup): string[] {
  const count = (role: string, word: string) => plural(result.files.filter((file) => file.role === role).length, word);
  const kinds = workerKinds(lookup);
  return [
    `Reviewed ${plural(result.files.length, 'file')}: ${count('doc', 'Markdown doc')}, ${count('manifest', 'manifest')}, ${count('haproxy', 'HAProxy config')}.`,
    `Deployed worker types: ${kinds.length > 0 ? kinds.map(({ kind, workloads }) => `${lookup.vocabulary.label(kind)} (${workloads.map((workload) => `${lookup.replicas(workload)}×`).join(', ')})`).join(', ') : 'none found'}.`,
    `Services: ${result.model.services.length} (${result.model.services.filter((service) => service.headless).length} headless); HAProxy backends: ${result.model.haproxy.reduce((sum, config) => sum + config.backends.length, 0)}.`,
  ];
}

function summary(out: MarkdownWriter, result: CheckResult, issues: ReviewIssue[]): void {
  out.heading(2, 'Executive Summary');
  const top = issues.filter((issue) => issue.impact === 'critical' || issue.impact === 'high');
  // A paragraph each for the most harmful few; the rest are named in one line.
  const lead = (top.length > 0 ? top : issues).slice(0, Math.max(SUMMARY_PARAGRAPHS, issues.filter((issue) => issue.impact === 'critical').length));
  const critical = issues.filter((issue) => issue.impact === 'critical');
  // The headline names everything that stops the deployment working; a paragraph per cause follows.
  if (critical.length > 1) out.paragraph(`**The deployment cannot work as written:** ${critical.map((issue) => `${prose(lowerFirst(issue.title))} (${link(issue)})`).join('; ')}.`);
  for (const issue of critical) out.paragraph(`${critical.length === 1 ? '**The deployment cannot work as written.** ' : ''}${prose(issue.consequence)} (${link(issue)})`);
  // Issues that share a consequence (one rule in two files) share its paragraph: it is said once.
  const byConsequence = new Map<string, ReviewIssue[]>();
  for (const issue of lead.filter((entry) => entry.impact !== 'critical')) addToGroup(byConsequence, issue.consequence, issue);
  for (const [consequence, group] of byConsequence) out.paragraph(`${prose(consequence)} (${group.map(link).join(', ')})`);
  const rest = issues.filter((issue) => !lead.includes(issue));
  if (rest.length > 0) {
    out.paragraph(`Also: ${rest.map((issue) => `${prose(lowerFirst(stripPeriod(issue.title)))} (${link(issue)})`).join('; ')}.`);
  }
  const byImpact = IMPACTS.map((impact) => [impact, issues.filter((issue) => issue.impact === impact).length] as const).filter(([, n]) => n > 0);
  out.paragraph(
    `**Verdict:** ${plural(issues.length, 'issue')} (${byImpact.map(([impact, n]) => `${n} ${impact}`).join(', ')}) from ${plural(result.findings.length, 'finding')} (${plural(result.summary.errors, 'error')}, ${plural(result.summary.warnings, 'warning')}, ${plural(result.summary.infos, 'info')}) in ${plural(result.files.length, 'file')}.`,
  );
}

function issuesSection(out: MarkdownWriter, issues: ReviewIssue[]): void {
  out.heading(2, 'Issues');
  if (issues.some((issue) => issue.fix.blocks.some((block) => block.lang === 'diff'))) {
    out.paragraph('The diffs apply from the root with `patch -p1` (or `git apply --unidiff-zero`), in any order.');
  }
  for (const issue of issues) {
    out.heading(3, issueHeading(issue.number, issue));
    out.paragraph(`**Impact:** ${prose(issue.consequence)}`);
    out.paragraph(`**Where** (${plural(issue.places.length, 'place')}, rule${issue.ruleIds.length > 1 ? 's' : ''} ${issue.ruleIds.map(code).join(', ')}):`);
    // The first place shows its related places; the others name them only in the collapsed list.
    out.list(issue.places.slice(0, OPEN_PLACES).map((entry, index) => describePlace(entry, index === 0)));
    const more = issue.places.slice(OPEN_PLACES);
    if (more.length > 0) out.details(plural(more.length, 'more place'), morePlaces(more));
    if (issue.effects.length > 0) out.list(issue.effects.map((effect) => `**Effect:** ${prose(effect)}`));
    out.paragraph(`**${issue.fix.decide ? 'To decide' : 'Fix'}:** ${prose(issue.fix.text)}`);
    for (const block of issue.fix.blocks) out.code(block.lang, block.lines);
    if (issue.seeAlso.length > 0) out.paragraph(`**See also:** ${issue.seeAlso.map((id) => link(issues.find((other) => other.id === id)!)).join(', ')}.`);
  }
}

/** The collapsed places: per file, each line with the first name its message gives. */
function morePlaces(places: CausePlace[]): string[] {
  const byFile = new Map<string, string[]>();
  for (const entry of places) {
    const name = /`[^`]+`/.exec(prose(entry.message))?.[0];
    byFile.set(entry.file, [...(byFile.get(entry.file) ?? []), `${entry.line}${name ? ` (${name})` : ''}`]);
  }
  return [...byFile.entries()].map(([file, lines]) => `${code(file)}: line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}`);
}

function describePlace(entry: CausePlace, withRelated: boolean): string {
  const related = (withRelated ? entry.related : []).map((relatedPlace) => `${code(`${relatedPlace.file}:${relatedPlace.line}`)} (${prose(relatedPlace.message)})`);
  return `${code(`${entry.file}:${entry.line}`)}: ${prose(entry.message)}${related.length > 0 ? `. See ${related.join(', ')}.` : ''}`;
}

function link(issue: ReviewIssue): string {
  return `[issue ${issue.number}](#${issue.anchor})`;
}

function checklistHeading(issue: ReviewIssue): string {
  return `Issue ${issue.number}: ${issue.title}`;
}


/** The first issue with a place inside `source`'s lines (or on `lines`), for ⚠️ marks that say why. */
function issueAt(issues: ReviewIssue[], file: string, matches: (line: number) => boolean): ReviewIssue | undefined {
  return issuesAt(issues, file, matches)[0];
}

function issuesAt(issues: ReviewIssue[], file: string, matches: (line: number) => boolean): ReviewIssue[] {
  return issues.filter((issue) => issue.places.some((entry) => entry.file === file && matches(entry.line)));
}

interface Component {
  name: string;
  what: string;
  where: string;
  issue: ReviewIssue | undefined;
  /** false: wrong without a finding (a Service that selects no pods). */
  ok?: boolean;
}

function validated(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup, issues: ReviewIssue[]): void {
  out.heading(2, 'Validated Components');
  const within = (source: Source) => issueAt(issues, source.file, (line) => line >= source.line && line <= source.endLine);
  /** A row per sound component, then one ⚠️ row naming the others and the issues that cover them. */
  const section = (title: string, items: Component[], none: string) => {
    out.heading(3, title);
    if (items.length === 0) {
      out.paragraph(none);
      return;
    }
    // The same component in several packagings of one app (a folder, its bundle, kustomize bases) is one row.
    const copies = new Map<string, Component[]>();
    for (const item of items.filter((entry) => !entry.issue && entry.ok !== false)) addToGroup(copies, `${item.name}\0${item.what}`, item);
    const sound = [...copies.values()].map(([item, ...others]) => ['✅', item!.name, item!.what, others.length > 0 ? `${item!.where} and ${plural(others.length, 'copy', 'copies')} in other units` : item!.where]);
    const flagged = items.filter((item) => item.issue || item.ok === false);
    const covering = [...new Set(flagged.flatMap((item) => (item.issue ? [item.issue] : [])))].sort((a, b) => a.number - b.number);
    const warning = flagged.length > 0 ? [['⚠️', [...new Set(flagged.map((item) => item.name))].join(', '), covering.length > 0 ? `see ${covering.map(link).join(', ')}` : 'selects no pods', '']] : [];
    out.table(['', 'Component', 'What', 'Where'], [...sound, ...warning]);
  };

  const workers = workerKinds(lookup).flatMap(({ workloads }) => workloads);
  if (workers.length > 0 || result.model.synapse.length > 0) section('Worker Workloads', workers.map((workload) => ({ name: code(workload.name), what: describeWorkload(lookup, workload), where: where(workload.source), issue: within(workload.documentSource) })), 'No Synapse workloads found.');
  section(
    'Services',
    result.model.services.map((service) => {
      const pods = [...new Set(lookup.selectedWorkloads(service).filter((workload) => workload.unit === service.unit).map((workload) => workload.name))];
      const ports = service.ports.map((port) => String(port.port)).join(', ');
      return {
        name: code(service.name),
        what: `${service.headless ? 'headless, ' : ''}ports ${ports || 'none'}, selects ${pods.length > 0 ? pods.map(code).join(', ') : 'no pods'}`,
        where: where(service.source),
        issue: within(service.documentSource),
        ok: pods.length > 0,
      };
    }),
    'No Services found.',
  );
  section(
    'HAProxy Backends',
    result.model.haproxy.flatMap((config) => config.backends).map((backend) => {
      const lines = [backend.source.line, ...backend.servers.map((server) => server.source.line)];
      return { name: code(backend.name), what: describeServers(backend), where: where(backend.source), issue: issueAt(issues, backend.source.file, (line) => lines.includes(line)) };
    }),
    'No HAProxy configuration found.',
  );
  // One row per Ingress and Service: the paths it sends there.
  const ingressRoutes = new Map<string, Component & { paths: string[]; ingress: string }>();
  for (const ingress of result.model.ingresses) {
    for (const backend of ingress.backends) {
      const target = `${backend.serviceName.value}:${backend.servicePort.value}`;
      const key = `${ingress.name}\0${backend.host ?? '*'}\0${target}`;
      const entry = ingressRoutes.get(key) ?? { name: code(target), ingress: `Ingress ${code(ingress.name)}, ${code(backend.host ?? '*')}`, what: '', where: where(backend.source), paths: [], issue: undefined };
      entry.paths.push(backend.path ?? '/');
      entry.issue ??= within(backend.source);
      ingressRoutes.set(key, entry);
    }
  }
  section('Ingress Routing', [...ingressRoutes.values()].map((entry) => ({ ...entry, what: `${entry.ingress}: ${entry.paths.map(code).join(', ')}` })), 'No Ingress found.');
}

function architecture(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup, reference: Reference, issues: ReviewIssue[]): void {
  out.heading(2, 'Architecture as Deployed');
  if (result.model.units.length > 1) {
    out.heading(3, 'Deployment Units');
    out.list(result.model.units.map(describeUnit));
  }
  const kinds = workerKinds(lookup);
  // A deployment without Synapse workers or HAProxy has nothing to say under those headings.
  if (kinds.length > 0) workerResponsibilities(out, result, lookup, reference, issues, kinds);
  if (result.model.haproxy.length > 0) haproxyArchitecture(out, result, issues);
}

function describeUnit(unit: DeploymentUnit): string {
  const label = unit.name ? `${unit.name} (${code(unit.path)})` : code(unit.path);
  const what =
    unit.status === 'skipped' ? `${unit.kind}, not rendered` : unit.kind === 'component' ? `component no kustomization here uses, ${plural(unit.objects, 'object')}` : `${unit.kind}, ${plural(unit.objects, 'object')}`;
  const related = [
    ...(unit.alternatives.length > 0 ? [`another packaging of ${unit.alternatives.map(code).join(', ')}`] : []),
    ...(unit.includes.length > 0 ? [`renders ${unit.includes.map(code).join(', ')}`] : []),
    ...(unit.overlays.length > 0 ? [`redefines objects of ${unit.overlays.map(code).join(', ')}`] : []),
    ...unit.appliedBy.map((entry) => `applied by ${entry.value} (${where(entry.source)})`),
  ];
  return `${label}: ${what}${related.length > 0 ? `; ${related.join('; ')}` : ''}.`;
}

function workerResponsibilities(out: MarkdownWriter, result: CheckResult, lookup: ModelLookup, reference: Reference, issues: ReviewIssue[], kinds: ReturnType<typeof workerKinds>): void {
  out.heading(3, 'Worker Responsibilities');
  // Derived from the routing as written: say so when an issue moves routes once fixed.
  const moving = issues.filter((issue) => issue.effects.some((effect) => effect.startsWith('Once fixed')));
  if (moving.length > 0) out.paragraph(`As routed today; ${moving.map(link).join(', ')} move${moving.length === 1 ? 's' : ''} requests to other workers once fixed.`);
  const handled = handledGroups(result, lookup, reference);
  out.list(
    kinds.map(({ kind, workloads }) => {
      const groups = handled.get(kind);
      const handles = groups && groups.size > 0 ? [...groups].sort().join(', ') : 'no HTTP routes (background or replication only)';
      return `**${capitalize(lookup.vocabulary.label(kind))}** (${workloads.map((workload) => code(workload.name)).join(', ')}): ${handles}.`;
    }),
  );
}

function haproxyArchitecture(out: MarkdownWriter, result: CheckResult, issues: ReviewIssue[]): void {
  out.heading(3, 'HAProxy Routing Logic');
  for (const config of result.model.haproxy) {
    for (const frontend of config.frontends) {
      if (frontend.useBackends.length === 0 && !frontend.defaultBackend) continue;
      out.paragraph(`Frontend ${code(frontend.name)} in ${where(frontend.source)}, first match wins:`);
      const rules = frontend.useBackends.map((rule) => {
        const terms = rule.condition?.anyOf.map((group) => group.map((term) => `${term.negated ? '!' : ''}${term.acl.kind === 'named' ? term.acl.name.value : `{ ${term.acl.acl.fetch} ${term.acl.acl.patterns.map((pattern) => pattern.value).join(' ')} }`}`).join(' ')).join(' or ');
        const names = new Set((rule.condition?.anyOf.flat() ?? []).flatMap(({ acl }) => (acl.kind === 'named' ? [acl.name.value] : [])));
        const aclLines = frontend.acls.filter((acl) => names.has(acl.name)).map((acl) => acl.source.line);
        const broken = issuesAt(issues, config.file, (line) => line === rule.source.line || aclLines.includes(line));
        const backend = config.backends.find((entry) => entry.name === rule.backend.value);
        return `${code(`use_backend ${rule.backend.value}${rule.condition ? ` ${rule.condition.polarity} ${terms}` : ''}`)} (line ${rule.source.line})${backend ? `, balance ${backend.balance?.value ?? 'roundrobin'}` : ''}${broken.length > 0 ? ` ⚠️ (${broken.map(link).join(', ')})` : ''}`;
      });
      if (frontend.defaultBackend) rules.push(`${code(`default_backend ${frontend.defaultBackend.value}`)} (line ${frontend.defaultBackend.source.line}): everything else`);
      out.list(rules, true);
    }
  }

  out.heading(3, 'Fallbacks');
  const backupOf = new Map<string, string[]>();
  for (const backend of result.model.haproxy.flatMap((config) => config.backends)) {
    for (const server of backend.servers.filter((entry) => entry.backup)) backupOf.set(server.address.value, [...(backupOf.get(server.address.value) ?? []), backend.name]);
  }
  const fallbacks = [...backupOf.entries()].map(([address, backends]) => `${backends.map(code).join(', ')} fall${backends.length === 1 ? 's' : ''} back to ${code(address)} when all ${backends.length === 1 ? 'its' : 'their'} regular servers are down`);
  // A backup line a split statement moved out of its backend exists in the file: say why it is not counted.
  const lost = issues.flatMap((issue) => issue.effects.filter((effect) => effect.includes('no backup server')).map(() => issue));
  if (lost.length > 0) fallbacks.push(`Backup servers written in the file but cut off from their backend are not counted: see ${[...new Set(lost)].map(link).join(', ')}`);
  out.list(fallbacks.length > 0 ? fallbacks : ['No backup servers: a backend whose servers are all down answers 503.']);
}

function checklist(out: MarkdownWriter, input: RootCauseInput, issues: ReviewIssue[], root: string): void {
  const { result } = input;
  out.heading(2, 'Testing and Validation Checklist');
  for (const issue of issues.filter((entry) => entry.verification.length > 0)) {
    out.heading(3, checklistHeading(issue));
    for (const [index, check] of issue.verification.entries()) {
      out.paragraph(`${index === 0 ? `Verifies ${link(issue)}. ` : ''}${prose(stripColon(check.text))}; expect ${prose(check.expect)}:`);
      out.code('bash', check.command);
    }
  }
  out.heading(3, 'After Every Change');
  const checked = new Set(issues.flatMap((issue) => issue.verification.flatMap((check) => check.command)));
  for (const config of result.model.haproxy) {
    const check = haproxyCheck(input, config);
    if (check.command.every((command) => checked.has(command))) continue;
    out.paragraph(`${prose(stripColon(check.text))}; expect ${prose(check.expect)}:`);
    out.code('bash', check.command);
  }
  // Every SRV name HAProxy resolves for a Service that exists, asked from a pod that has dig.
  const srvNames = [...new Set(result.model.haproxy.flatMap((config) => config.backends.flatMap((backend) => backend.servers.filter((server) => server.srv && input.lookup.serverService(backend, server) !== undefined).map((server) => server.host))))];
  if (srvNames.length > 0) {
    out.paragraph('Each SRV name HAProxy resolves answers one record per ready pod, with the port of the Service:');
    out.code('bash', [digCommand(input.lookup.options.defaultNamespace, srvNames)]);
  }
  out.paragraph('docdrift confirms the remaining issues are gone; expect exit code 0 and no findings:');
  out.code('bash', [`docdrift check ${root}`]);
}

function filesToUpdate(out: MarkdownWriter, issues: ReviewIssue[]): void {
  out.heading(2, 'Files Requiring Updates');
  const files = new Map<string, Set<ReviewIssue>>();
  for (const issue of issues) for (const entry of issue.places) files.set(entry.file, (files.get(entry.file) ?? new Set()).add(issue));
  out.list([...files.entries()].sort(([a], [b]) => compareText(a, b)).map(([file, related]) => `${code(file)}: ${[...related].map(link).join(', ')}`));
}

function conclusion(out: MarkdownWriter, issues: ReviewIssue[]): void {
  out.heading(2, 'Conclusion');
  const critical = issues.filter((issue) => issue.impact === 'critical');
  const blocking = issues.filter((issue) => issue.impact === 'critical' || issue.impact === 'high');
  out.paragraph(
    critical.length > 0
      ? `**Status:** not deployable: ${critical.map(link).join(', ')} stop${critical.length === 1 ? 's' : ''} it from working. Fix ${blocking.map(link).join(', ')} before deploying; the others before the docs are relied on.`
      : blocking.length > 0
        ? `**Status:** not production-ready: fix ${blocking.map(link).join(', ')} before deploying; the others before the docs are relied on.`
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
  return `${workload.kind}, ${lookup.replicas(workload)} ${lookup.replicas(workload) === 1 ? 'replica' : 'replicas'}${scaling}, ports ${ports.join(', ') || 'none'}`;
}

function describeServers(backend: HaproxyBackend): string {
  const servers = backend.servers.filter((server) => !server.backup).map((server) => `${code(server.host)}${server.slots ? ` ×${server.slots.value}` : ''}`);
  const backups = backend.servers.filter((server) => server.backup).length;
  return `${servers.join(', ') || 'no servers'}${backups > 0 ? ` + ${plural(backups, 'backup')}` : ''}`;
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

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function stripColon(text: string): string {
  return text.replace(/:$/, '');
}

function stripPeriod(text: string): string {
  return text.replace(/\.$/, '');
}


function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
