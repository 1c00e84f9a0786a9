import type { CheckResult } from '../engine/analyze.ts';
import { compareText, SEVERITY_RANK, type Finding, type RelatedLocation } from '../engine/finding.ts';
import { backendProcesses } from '../model/backend-processes.ts';
import { endpointSamples } from '../model/endpoint-samples.ts';
import type { ModelLookup } from '../model/lookup.ts';
import type { Reference } from '../model/reference.ts';
import { routeRequest } from '../model/routing.ts';
import type { Acl, HaproxyConfig, HaproxyFrontend, Impact, Severity, Workload } from '../model/types.ts';
import { plural } from './markdown-writer.ts';
import { unifiedDiff, type LineEdit } from './unified-diff.ts';

/** A block of text the reader copies: a command, a config line, a unified diff. */
export interface CodeBlock {
  lang: 'bash' | 'diff' | 'haproxy' | 'text';
  lines: string[];
}

/** One place a root cause shows: a finding, with the places it relates to. */
export interface CausePlace {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
  related: RelatedLocation[];
}

/** How to remove the cause: the edit itself, or (decide) what the reader must choose before editing. */
export interface CauseFix {
  decide: boolean;
  text: string;
  blocks: CodeBlock[];
}

/** A check that shows the fix worked, with what it should print. */
export interface CauseCheck {
  text: string;
  command: string[];
  expect: string;
}

/** Findings that share one cause, reported once. */
export interface RootCause {
  /** Stable anchor, unique in one report. */
  id: string;
  title: string;
  /** critical: the deployment cannot work as written; then high, medium, low. */
  impact: Impact;
  severity: Severity;
  /** One sentence, in words an on-call engineer acts on. */
  consequence: string;
  ruleIds: string[];
  places: CausePlace[];
  /** What changes elsewhere once the cause is fixed (routes that move …). */
  effects: string[];
  fix: CauseFix;
  verification: CauseCheck[];
  /** Ids of other causes about the same objects. */
  seeAlso: string[];
  /** How much of the deployment it touches (sampled endpoints affected, else places); orders causes of one impact. */
  weight: number;
}

export interface RootCauseInput {
  result: CheckResult;
  lookup: ModelLookup;
  reference: Reference;
  /** File texts by root-relative path, for edits computed against the file (diffs, joined lines). */
  sources?: ReadonlyMap<string, string>;
  /** Rule texts for causes without a computed fix (title, consequence, fix). */
  rules?: readonly { id: string; title?: string | undefined; consequence?: string | undefined; fix: string }[];
}

const IMPACTS: readonly Impact[] = ['critical', 'high', 'medium', 'low'];

/** What the cause builders read: the input, and how titles name each file. */
interface CauseContext extends RootCauseInput {
  label(file: string): string;
}

/** Groups a check result's findings into root causes, most harmful first. Every finding belongs to exactly one cause. */
export function rootCauses(options: RootCauseInput): RootCause[] {
  const { result } = options;
  const input: CauseContext = { ...options, label: fileLabels(result.findings.map((finding) => finding.file)) };
  const claimed = new Set<Finding>();
  const causes: RootCause[] = [];
  const take = (findings: Finding[]) => {
    const fresh = findings.filter((finding) => !claimed.has(finding));
    for (const finding of fresh) claimed.add(finding);
    return fresh;
  };
  for (const config of result.model.haproxy) {
    const continuation = continuationCause(input, config, take);
    if (continuation) causes.push(continuation);
    for (const finding of result.findings.filter((entry) => entry.ruleId === 'haproxy/acl-fetch-as-pattern' && entry.file === config.file)) {
      if (claimed.has(finding)) continue;
      causes.push(aclCause(input, config, finding, take));
    }
  }
  const rest = result.findings.filter((finding) => !claimed.has(finding));
  const groups = new Map<string, Finding[]>();
  for (const finding of rest) groups.set(groupKey(finding), [...(groups.get(groupKey(finding)) ?? []), finding]);
  for (const [key, findings] of groups) causes.push(ruleCause(input, key, findings));
  causes.sort((a, b) => IMPACTS.indexOf(a.impact) - IMPACTS.indexOf(b.impact) || b.weight - a.weight || compareText(a.id, b.id));
  uniqueIds(causes);
  linkCauses(causes);
  return causes;
}

// -- trailing backslashes ---------------------------------------------------------------------------

function continuationCause(input: CauseContext, config: HaproxyConfig, take: (findings: Finding[]) => Finding[]): RootCause | undefined {
  if (config.lineContinuations.length === 0) return undefined;
  const text = input.sources?.get(config.file);
  const lines = text?.split(/\r?\n/);
  // A statement ending in '\' and the line after it: every finding on either line follows from the backslash.
  const statements = config.lineContinuations.map((source) => ({ first: source.line, last: nextCodeLine(lines, source.line) }));
  const findings = take(
    input.result.findings.filter(
      (finding) => finding.file === config.file && statements.some((statement) => finding.line >= statement.first && finding.line <= statement.last),
    ),
  );
  const refusals = findings.filter((finding) => finding.ruleId === 'parse-error');
  const firstRefusal = refusals[0];
  const edits: LineEdit[] = lines
    ? statements.map(({ first, last }) => ({
        start: first,
        remove: last - first + 1,
        insert: [`${lines[first - 1]!.replace(/\s*\\\s*$/, '')} ${lines[last - 1]!.trim()}`],
      }))
    : [];
  const name = input.label(config.file);
  const statementWord = plural(statements.length, 'statement');
  return {
    id: 'haproxy-line-continuation',
    title: firstRefusal ? `HAProxy refuses ${name}: trailing backslashes split ${statementWord}` : `Trailing backslashes split ${statementWord} in ${name}`,
    impact: firstRefusal ? 'critical' : 'high',
    severity: 'error',
    consequence: firstRefusal
      ? `HAProxy refuses this configuration: \`haproxy -c\` stops at \`${config.file}:${firstRefusal.line}\` because HAProxy has no line continuation and reads the line after each trailing backslash as a statement of its own, so the proxy does not start and nothing is served.`
      : `HAProxy has no line continuation: the ${statementWord} ending in a backslash lose their last arguments, and the next line runs as a rule of its own.`,
    ruleIds: ruleIdsOf(findings),
    places: findings.map(place),
    effects: backendsLosingServers(config, statements),
    fix: {
      decide: false,
      text: `Join each split statement into one line (HAProxy has no line continuation; long acl lists may instead be repeated \`acl\` lines of the same name, which HAProxy ORs).`,
      blocks: edits.length > 0 ? [{ lang: 'diff', lines: unifiedDiff(config.file, text!, edits) }] : [],
    },
    verification: [haproxyCheck(input, config)],
    seeAlso: [],
    // A refused configuration serves no request at all.
    weight: firstRefusal ? endpointSamples(input.reference).length : findings.length,
  };
}

/** The line HAProxy reads after a trailing backslash: the next one that is not blank. */
function nextCodeLine(lines: string[] | undefined, line: number): number {
  if (!lines) return line + 1;
  for (let index = line; index < lines.length; index++) if (lines[index]!.trim() !== '') return index + 1;
  return line;
}

/** Backends whose servers the parse loses because a split server line opened another section. */
function backendsLosingServers(config: HaproxyConfig, statements: { first: number; last: number }[]): string[] {
  const effects: string[] = [];
  for (const section of config.sections) {
    if (section.type === 'backend' || section.type === 'listen') continue;
    const opened = statements.find((statement) => section.source.line === statement.last);
    if (!opened) continue;
    const owner = config.backends.find((backend) => backend.source.line < opened.first && !config.backends.some((other) => other.source.line > backend.source.line && other.source.line < opened.first));
    const servers = section.lines.filter((line) => line.keyword === 'server').map((line) => line.args[0]?.value ?? '');
    if (owner && servers.length > 0) {
      effects.push(
        `The line after \`${config.file}:${opened.first}\` starts a new \`${section.type}\` section, so the ${servers.map((server) => `\`${server}\``).join(', ')} server line${servers.length > 1 ? 's' : ''} after it belong${servers.length > 1 ? '' : 's'} to no backend: \`${owner.name}\` has no backup server until the statement is joined.`,
      );
    }
  }
  return effects;
}

// -- an acl line with a second fetch taken as a pattern ---------------------------------------------

function aclCause(input: CauseContext, config: HaproxyConfig, finding: Finding, take: (findings: Finding[]) => Finding[]): RootCause {
  const frontend = config.frontends.find((entry) => entry.acls.some((acl) => acl.source.line === finding.line));
  const acl = frontend?.acls.find((entry) => entry.source.line === finding.line);
  const rules = frontend && acl ? frontend.useBackends.filter((rule) => rule.condition?.anyOf.some((group) => group.some((term) => term.acl.kind === 'named' && term.acl.name.value === acl.name))) : [];
  const ruleLines = new Set(rules.map((rule) => `${rule.source.file}:${rule.source.line}`));
  const corrected = acl ? correctedAcl(acl) : undefined;
  const routing = frontend && acl && corrected ? fixedRouting(input, config, frontend, acl, corrected) : undefined;
  // Findings at a use_backend of this ACL follow from it; a documented route only if the fix sends it where the docs say.
  const downstream = input.result.findings.filter(
    (entry) =>
      entry !== finding &&
      (ruleLines.has(`${entry.file}:${entry.line}`) || entry.related.some((related) => ruleLines.has(`${related.file}:${related.line}`))) &&
      (entry.ruleId !== 'docs/route-mismatch' || (routing !== undefined && fixAgreesWithDocs(input, routing.fixed, entry.message))),
  );
  const findings = take([finding, ...downstream]);
  const moved = routing ? movedRoutes(input, routing) : [];
  const target = rules[0]?.backend.value;
  const prefix = acl?.patterns[0]?.value;
  const broad = moved.length >= 5;
  const name = acl?.name ?? 'the ACL';
  const lineText = acl ? aclLine(input, acl) : undefined;
  const fixedLine = lineText && corrected ? `${lineText.match(/^\s*/)![0]}acl ${corrected.name} ${corrected.fetch} ${corrected.patterns.map((pattern) => pattern.value).join(' ')}` : undefined;
  const effects = summarizeMoves(moved);
  return {
    id: `haproxy-acl-${slug(name)}`,
    title: broad && target && prefix ? `Every \`${prefix}\` request goes to \`${target}\`: ACL \`${name}\` matches too much` : `ACL \`${name}\` takes a fetch as a pattern`,
    impact: broad ? 'critical' : finding.impact,
    severity: 'error',
    consequence:
      broad && target && acl
        ? `Every request whose path starts with \`${prefix}\` goes to \`${target}\` (\`${config.file}:${rules[0]!.source.line}\`), because \`${acl.fetch}\` ORs its patterns and so also matches the literal words after the first: ${moved.length} of the sampled Synapse endpoints land on the wrong backend.`
        : `ACL \`${name}\` matches ${acl ? `\`${acl.fetch}\` against each of its words` : 'other requests than meant'}, so requests go to the wrong backend; HAProxy starts without a warning.`,
    ruleIds: ruleIdsOf(findings),
    places: findings.map(place),
    effects,
    fix:
      fixedLine && acl
        ? {
            decide: false,
            text: `Replace the line with one \`path_reg\` that requires both parts (splitting it into two \`acl ${name}\` lines would still OR them and match every \`${prefix}\` request):`,
            blocks: [{ lang: 'diff', lines: unifiedDiff(config.file, input.sources!.get(config.file)!, [{ start: acl.source.line, remove: 1, insert: [fixedLine] }]) }],
          }
        : {
            decide: true,
            text: `Decide what ${name} should match: to AND two tests declare two ACLs and name both in the condition; to OR them repeat the \`acl\` line per fetch.`,
            blocks: [],
          },
    verification: routeChecks(input, config, frontend, moved, corrected && acl ? { acl, corrected } : undefined),
    seeAlso: [],
    weight: moved.length,
  };
}

/**
 * The acl the author meant when the words after the first fetch's patterns are further path
 * fetches (`path_beg /a path_end /b` meant "begins with /a and ends with /b"): one path_reg.
 * Undefined when the words are operators or other fetches, where only the reader knows the intent.
 */
export function correctedAcl(acl: Acl): Acl | undefined {
  const parts: { method: string | undefined; patterns: string[] }[] = [];
  let current: { method: string | undefined; patterns: string[] } = { method: pathMethod(acl.fetch), patterns: [] };
  if (!current.method || acl.flags.length > 0) return undefined;
  for (const pattern of acl.patterns) {
    const method = pathMethod(pattern.value);
    if (method) {
      parts.push(current);
      current = { method, patterns: [] };
    } else current.patterns.push(pattern.value);
  }
  parts.push(current);
  if (parts.length < 2 || parts.some((part) => part.patterns.length === 0)) return undefined;
  const alternatives = (patterns: string[]) => (patterns.length === 1 ? escapeRegex(patterns[0]!) : `(${patterns.map(escapeRegex).join('|')})`);
  const beg = parts.filter((part) => part.method === 'beg');
  const end = parts.filter((part) => part.method === 'end');
  if (beg.length + end.length !== parts.length || beg.length > 1 || end.length > 1) return undefined;
  const regex = `^${beg[0] ? alternatives(beg[0].patterns) : ''}.*${end[0] ? alternatives(end[0].patterns) : ''}$`;
  return { ...acl, fetch: 'path_reg', matchMethod: 'reg', patterns: [{ value: regex, source: acl.patterns[0]!.source }] };
}

function pathMethod(word: string): string | undefined {
  return /^path_(beg|end)$/.exec(word)?.[1];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface MovedRoute {
  method: string;
  path: string;
  from: string;
  to: string;
}

interface Routing {
  config: HaproxyConfig;
  frontend: HaproxyFrontend;
}

/**
 * The frontend as written and with `acl` replaced by `corrected`, both read with split statements
 * joined (a trailing `\\` pattern taking the words of the line after it), as they will be once fixed.
 */
function fixedRouting(input: RootCauseInput, config: HaproxyConfig, frontend: HaproxyFrontend, acl: Acl, corrected: Acl): { current: Routing; fixed: Routing } {
  const lines = input.sources?.get(config.file)?.split(/\r?\n/);
  const joined = (entry: Acl): Acl => {
    const last = entry.patterns.at(-1);
    if (last?.value !== '\\') return entry;
    const next = lines?.[nextCodeLine(lines, entry.source.line) - 1]?.trim().split(/\s+/) ?? [];
    return { ...entry, patterns: [...entry.patterns.slice(0, -1), ...next.map((value) => ({ value, source: last.source }))] };
  };
  const withAcl = (replacement: Acl): Routing => {
    const fixedFrontend: HaproxyFrontend = { ...frontend, acls: frontend.acls.map((entry) => (entry === acl ? replacement : joined(entry))) };
    return { frontend: fixedFrontend, config: { ...config, frontends: config.frontends.map((entry) => (entry === frontend ? fixedFrontend : entry)) } };
  };
  return { current: withAcl(acl), fixed: withAcl(corrected) };
}

/** Sample requests whose backend changes with the fix. */
function movedRoutes(input: RootCauseInput, routing: { current: Routing; fixed: Routing }): MovedRoute[] {
  const moved: MovedRoute[] = [];
  for (const sample of endpointSamples(input.reference)) {
    const request = { path: sample.path, method: sample.method };
    const before = routeRequest(routing.current.config, routing.current.frontend, request);
    const after = routeRequest(routing.fixed.config, routing.fixed.frontend, request);
    if (!before.certain || !after.certain || before.backend === after.backend) continue;
    moved.push({ method: sample.method, path: sample.path, from: before.backend ?? '(none)', to: after.backend ?? '(none)' });
  }
  return moved;
}

/** Whether, after the fix, the path of a docs/route-mismatch message reaches the kind of worker the docs name. */
function fixAgreesWithDocs(input: RootCauseInput, fixed: Routing, message: string): boolean {
  const parts = /^Docs route \S+ to (.+?), but \S+ sends (\S+) to backend/.exec(message);
  if (!parts) return false;
  const decision = routeRequest(fixed.config, fixed.frontend, { path: parts[2]!, method: 'GET' });
  const backend = fixed.config.backends.find((entry) => entry.name === decision.backend);
  if (!decision.certain || !backend) return false;
  const normalize = (text: string) => text.toLowerCase().replace(/s\b/g, '').replace(/[^a-z]+/g, ' ').trim();
  return backendProcesses(input.lookup, backend).some((process) => {
    const kind = input.lookup.workerKind(process.workload);
    return kind !== undefined && normalize(input.lookup.vocabulary.label(kind)) === normalize(parts[1]!);
  });
}

/** How many sampled Synapse endpoints the config routes to one of `backends`. */
function samplesTo(input: RootCauseInput, config: HaproxyConfig, backends: string[]): number {
  const frontends = config.frontends.filter((frontend) => frontend.useBackends.length > 0 || frontend.defaultBackend);
  return endpointSamples(input.reference).filter((sample) =>
    frontends.some((frontend) => backends.includes(routeRequest(config, frontend, { path: sample.path, method: sample.method }).backend ?? '')),
  ).length;
}

function summarizeMoves(moved: MovedRoute[]): string[] {
  const counts = new Map<string, MovedRoute[]>();
  for (const route of moved) counts.set(`${route.from}\0${route.to}`, [...(counts.get(`${route.from}\0${route.to}`) ?? []), route]);
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y.length - x.length || compareText(a, b))
    .map(([, routes]) => {
      const { from, to } = routes[0]!;
      const examples = routes.slice(0, 2).map((route) => `\`${route.path}\``).join(', ');
      return `Once fixed, ${plural(routes.length, 'sampled endpoint')} move${routes.length === 1 ? 's' : ''} from \`${from}\` to \`${to}\` (e.g. ${examples}).`;
    });
}

function aclLine(input: RootCauseInput, acl: Acl): string | undefined {
  return input.sources?.get(acl.source.file)?.split(/\r?\n/)[acl.source.line - 1];
}

// -- causes of one rule ------------------------------------------------------------------------------

/** Doc rules that compare a doc's description of the deployment with the deployment: one doc, one cause. */
const DESCRIPTION_RULES = new Set(['docs/undeployed-worker', 'docs/unknown-service', 'docs/port-mismatch', 'docs/diagram-inconsistency', 'docs/route-mismatch', 'docs/replica-mismatch', 'docs/undocumented-worker']);
const DESCRIPTION = 'docs/description';

/** Findings of one rule share a cause on one object: one config, one duplicating file, one missing object, one doc. */
function groupKey(finding: Finding): string {
  if (finding.ruleId === 'docs/missing-creation-step') return `${finding.ruleId}\0${backticked(finding.message) ?? finding.file}`;
  if (DESCRIPTION_RULES.has(finding.ruleId)) return `${DESCRIPTION}\0${finding.file}`;
  return `${finding.ruleId}\0${finding.file}`;
}

/** What a doc gets wrong, counted by kind: "describes 10 worker types that are not deployed, gives 4 wrong ports". */
const DESCRIPTION_PARTS: Record<string, [verb: string, one: string, many: string]> = {
  'docs/undeployed-worker': ['describes', 'a worker type that is not deployed', 'worker types that are not deployed'],
  'docs/unknown-service': ['names', 'a Service no manifest defines', 'Services no manifest defines'],
  'docs/port-mismatch': ['gives', 'a port the manifests do not expose', 'ports the manifests do not expose'],
  'docs/route-mismatch': ['routes', 'a path elsewhere than haproxy.cfg', 'paths elsewhere than haproxy.cfg'],
  'docs/diagram-inconsistency': ['draws', 'a diagram of workers that are not deployed', 'diagrams of workers that are not deployed'],
  'docs/replica-mismatch': ['gives', 'a replica count the manifests do not set', 'replica counts the manifests do not set'],
  'docs/undocumented-worker': ['omits', 'a deployed worker type', 'deployed worker types'],
};

function descriptionCause(input: CauseContext, findings: Finding[], base: Omit<RootCause, 'title' | 'consequence' | 'fix' | 'verification'>): RootCause {
  const file = findings[0]!.file;
  const counts = Object.entries(DESCRIPTION_PARTS).flatMap(([ruleId, [verb, one, many]]) => {
    const count = findings.filter((finding) => finding.ruleId === ruleId).length;
    return count > 0 ? [`${verb} ${count === 1 ? one : `${count} ${many}`}`] : [];
  });
  const deployed = [...input.lookup.deployedKinds().keys()].map((kind) => input.lookup.vocabulary.label(kind));
  return {
    ...base,
    id: `docs-${slug(basename(file).replace(/\.md$/i, ''))}`,
    title: `${input.label(file)} describes another deployment`,
    consequence: `Readers of ${code(file)} act on a deployment that does not exist: it ${joinAnd(counts)}.`,
    fix: {
      decide: true,
      // The Synapse worker types deployed, when there are any: a deployment without Synapse is named by its file alone.
      text: `Whether ${code(file)} documents today's deployment${deployed.length > 0 ? ` (${deployed.join(', ')})` : ''}, then rewrite the listed lines to it; or a planned one, then move those sections under a heading such as "Future expansion", which docdrift reads as future scope.`,
      blocks: [],
    },
    verification: [],
  };
}

/** Up to three names as code, then how many more. */
function fewNames(names: string[]): string {
  return names.length <= 3 ? names.map(code).join(', ') : `${names.slice(0, 2).map(code).join(', ')} and ${names.length - 2} more files`;
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function ruleCause(input: CauseContext, key: string, findings: Finding[]): RootCause {
  const rule = findings[0]!;
  const [ruleId, object] = key.split('\0') as [string, string];
  const impact = findings.map((finding) => finding.impact).sort((a, b) => IMPACTS.indexOf(a) - IMPACTS.indexOf(b))[0]!;
  const severity = findings.map((finding) => finding.severity).sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a])[0]!;
  const file = rule.file;
  const base = {
    id: `${slug(ruleId)}-${slug(basename(file).replace(/\.[a-z]+$/, ''))}`,
    impact,
    severity,
    ruleIds: [ruleId],
    places: findings.map(place),
    effects: [],
    seeAlso: [],
    weight: findings.length,
  };
  const config = input.result.model.haproxy.find((entry) => entry.file === file);
  if (ruleId === DESCRIPTION) return descriptionCause(input, findings, { ...base, ruleIds: ruleIdsOf(findings) });
  switch (ruleId) {
    case 'parse-error':
      if (config) {
        return {
          ...base,
          impact: 'critical',
          title: `HAProxy refuses ${input.label(file)}`,
          consequence: `HAProxy refuses this configuration: \`haproxy -c\` stops at \`${file}:${rule.line}\` (${stripPeriod(rule.message)}), so the proxy does not start.`,
          fix: { decide: true, text: 'Correct each line HAProxy rejects, as its message says.', blocks: [] },
          verification: [haproxyCheck(input, config)],
        };
      }
      break;
    case 'haproxy/unknown-service': {
      const services = unique(findings.map((finding) => /Service [^/\s]+\/([^\s,]+)/.exec(finding.message)?.[1]).filter(isDefined));
      const backends = unique(findings.map((finding) => /^Backend (\S+)/.exec(finding.message)?.[1]).filter(isDefined));
      const fallback = config?.frontends.find((frontend) => frontend.defaultBackend)?.defaultBackend?.value;
      // With a backup server the requests are still served, by the wrong process: serious, not fatal.
      const bare = backends.filter((name) => !commonBackup(config, [name]));
      const backed = backends.filter((name) => !bare.includes(name));
      const backup = commonBackup(config, backed);
      const fallbackText = backup ? `the ${backed.length === 1 ? 'other falls' : `other ${backed.length} fall`} back to \`${backup}\`` : 'the others fall back to their backup servers';
      return {
        ...base,
        ...(bare.length === 0 && impact === 'critical' ? { impact: 'high' as const } : {}),
        weight: config ? samplesTo(input, config, backends) : base.weight,
        title: `HAProxy backends for ${plural(services.length, 'Service')} no manifest defines`,
        consequence:
          bare.length === 0
            ? `${plural(backends.length, 'backend')} resolve no server, so every request routed to them goes to ${backup ? `the backup \`${backup}\`` : 'their backup servers'} instead of the workers the config was written for.`
            : `${plural(backends.length, 'backend')} resolve no server: requests routed to ${bare.map(code).join(', ')} get 503${backed.length > 0 ? `, and ${fallbackText} instead of the workers the config was written for` : ''}.`,
        fix: {
          decide: true,
          text: `Per worker type: deploy its Service and workers (the ${plural(services.length, 'Service')} listed above), or delete its backend and the \`use_backend\` lines that name it${fallback ? `, so its requests fall to \`default_backend ${fallback}\`` : ''}.`,
          blocks: [],
        },
        verification: [haproxyStats(input)].filter(isDefined),
      };
    }
    case 'haproxy/port-mismatch': {
      const text = input.sources?.get(file);
      const edits = text ? portEdits(text, findings) : [];
      const backends = unique(findings.map((finding) => /^Backend (\S+)/.exec(finding.message)?.[1]).filter(isDefined));
      return {
        ...base,
        weight: config ? samplesTo(input, config, backends) : base.weight,
        title: `HAProxy sends worker traffic to the wrong port`,
        consequence: portConsequence(config, backends, findings.length),
        fix:
          edits.length === findings.length
            ? { decide: false, text: 'Use the port each Service exposes:', blocks: [{ lang: 'diff', lines: unifiedDiff(file, text!, edits) }] }
            : { decide: true, text: 'Point each server line at the port its Service exposes, or use a DNS SRV name (`_http._tcp.SERVICE…`) so the port comes from the Service.', blocks: [] },
        verification: [...srvChecks(input, findings), haproxyStats(input)].filter(isDefined),
      };
    }
    case 'k8s/duplicate-resource': {
      const total = input.result.model.resources.filter((resource) => resource.source.file === file).length;
      const kept = unique(findings.flatMap((finding) => finding.related.map((related) => related.file)));
      const whole = total > 0 && total === findings.length;
      return {
        ...base,
        title: `${input.label(file)} defines ${plural(findings.length, 'object')} a second time`,
        consequence: `\`kubectl apply\` of ${kept.length === 1 ? 'both files' : 'these files'} makes the later definition win silently, so the objects in ${fewNames(kept)} are not what runs once the definitions drift apart.`,
        fix: whole
          ? { decide: false, text: `Every object in ${code(file)} is already defined in ${kept.map(code).join(', ')}: delete the file.`, blocks: [{ lang: 'bash', lines: [`git rm ${file}`] }] }
          : { decide: true, text: `Decide which definition of each object to keep, and delete the other.`, blocks: [] },
        verification: whole ? [{ text: 'The duplicate file is gone from the repository:', command: [`git ls-files ${file}`], expect: 'no output' }] : [],
      };
    }
    case 'docs/missing-creation-step': {
      const command = object.startsWith('kubectl ') ? object : undefined;
      const name = /configmap (\S+)/.exec(command ?? '')?.[1] ?? /ConfigMap (\S+)/.exec(rule.message)?.[1];
      const namespace = / -n (\S+)/.exec(command ?? '')?.[1];
      return {
        ...base,
        id: `missing-creation-step-${slug(name ?? basename(file))}`,
        title: `The guide never creates ${name ? `ConfigMap \`${name}\`` : 'an object it needs'}`,
        consequence: `Following ${code(file)} as written, the pods that mount ${name ? `\`${name}\`` : 'it'} stay in ContainerCreating, so the step's workload never starts.`,
        fix: command
          ? { decide: false, text: `Add this step to ${code(`${file}:${rule.line}`)}, before the manifest is applied:`, blocks: [{ lang: 'bash', lines: [command] }] }
          : { decide: true, text: stripPeriod(rule.message), blocks: [] },
        verification: name && namespace ? [{ text: 'The object exists before the workload starts:', command: [`kubectl get configmap ${name} -n ${namespace}`], expect: `a line starting with ${name}` }] : [],
      };
    }
    default:
      break;
  }
  const ruleMeta = input.rules?.find((entry) => entry.id === ruleId);
  const text = input.sources?.get(file);
  const edits = text ? valueEdits(ruleId, text, findings) : [];
  return {
    ...base,
    title: `${ruleMeta?.title ?? ruleId}${ruleId.startsWith('docs/') || ruleId.startsWith('k8s/') ? ` in ${input.label(file)}` : ''}`,
    consequence: ruleMeta?.consequence ?? stripPeriod(rule.message) + '.',
    fix:
      edits.length === 0
        ? { decide: true, text: ruleMeta?.fix ?? 'See the rule.', blocks: [] }
        : {
            decide: edits.length < findings.length,
            text:
              edits.length < findings.length
                ? `Where the other side names one value, write it (${edits.length} of ${plural(findings.length, 'place')}); for the others: ${ruleMeta?.fix ?? 'see the rule.'}`
                : 'Write the value the other side has:',
            blocks: [{ lang: 'diff', lines: unifiedDiff(file, text!, edits) }],
          },
    verification: [],
  };
}

/**
 * The value a finding's span should hold, where its message names exactly one: the slots an
 * autoscaler or the replicas need, the one port a Service or workload offers. `current` is the
 * text at the span (a port name is replaced by a name, a number by a number).
 */
const REPLACEMENTS: Record<string, (message: string, current: string) => string | undefined> = {
  'haproxy/server-template-slots': (message) => /(?:up to|runs) (\d+)/.exec(message)?.[1],
  'k8s/ingress-backend': (message, current) => onlyPort(/expected one of: (.+)$/.exec(message)?.[1], current),
  'k8s/service-target-port': (message, current) => onlyPort(/exposes: (.+)$/.exec(message)?.[1], current),
};

function onlyPort(list: string | undefined, current: string): string | undefined {
  const options = list?.split(', ') ?? [];
  const only = options.length === 1 ? /^(\d+)(?: \(([^)]+)\))?$/.exec(options[0]!) : undefined;
  if (!only) return undefined;
  return /^\d+$/.test(current) ? only[1] : only[2];
}

/** One-line edits that put the named value at each finding's span; none for a finding without one. */
function valueEdits(ruleId: string, text: string, findings: Finding[]): LineEdit[] {
  const replace = REPLACEMENTS[ruleId];
  if (!replace) return [];
  const lines = text.split(/\r?\n/);
  return findings.flatMap((finding) => {
    const line = lines[finding.line - 1];
    if (line === undefined || finding.endLine !== finding.line) return [];
    const current = line.slice(finding.column - 1, finding.endColumn - 1);
    const value = replace(finding.message, current);
    if (value === undefined || current === '' || value === current) return [];
    return [{ start: finding.line, remove: 1, insert: [`${line.slice(0, finding.column - 1)}${value}${line.slice(finding.endColumn - 1)}`] }];
  });
}

/** The one backup server every one of `backends` falls back to, if they all have the same. */
function commonBackup(config: HaproxyConfig | undefined, backends: string[]): string | undefined {
  const backups = backends.map((name) => config?.backends.find((backend) => backend.name === name)?.servers.find((server) => server.backup)?.host);
  return backups.length > 0 && backups.every((host) => host !== undefined && host === backups[0]) ? backups[0] : undefined;
}

/** Where the traffic of backends without a healthy server goes: their backup server, else a 503. */
function portConsequence(config: HaproxyConfig | undefined, backends: string[], lines: number): string {
  const backup = commonBackup(config, backends);
  const names = backends.map(code).join(', ');
  return backup
    ? `Health checks of ${plural(lines, 'server line')} fail on the assumed port, so ${names} have no healthy worker and send all their traffic to the backup \`${backup}\`: the workers carry no load.`
    : `Health checks of ${plural(lines, 'server line')} fail on the assumed port, so ${names} have no healthy server and answer 503.`;
}

function portEdits(text: string, findings: Finding[]): LineEdit[] {
  const lines = text.split(/\r?\n/);
  return findings.flatMap((finding) => {
    const ports = /expects port (\d+) .* exposes (\d+)/.exec(finding.message);
    const line = lines[finding.line - 1];
    if (!ports || line === undefined || !line.includes(`:${ports[1]}`)) return [];
    return [{ start: finding.line, remove: 1, insert: [line.replace(`:${ports[1]}`, `:${ports[2]}`)] }];
  });
}

// -- verification ------------------------------------------------------------------------------------

/** The workload that runs HAProxy with this config, and where its pod sees the file. */
function haproxyPod(input: RootCauseInput): { workload: Workload; path: string } | undefined {
  for (const workload of input.result.model.workloads) {
    for (const ref of workload.configRefs) {
      if (ref.kind !== 'ConfigMap' || !ref.volume) continue;
      for (const container of workload.containers) {
        const mount = container.volumeMounts.find((entry) => entry.name === ref.volume);
        if (mount && /haproxy/i.test(container.image ?? container.name)) return { workload, path: mount.subPath ? mount.mountPath.value : `${mount.mountPath.value.replace(/\/$/, '')}/${ref.path ?? ref.key ?? 'haproxy.cfg'}` };
      }
    }
  }
  return undefined;
}

export function haproxyCheck(input: RootCauseInput, config: HaproxyConfig): CauseCheck {
  const pod = haproxyPod(input) ?? mountedIn(input, config);
  // A config written inside a manifest is checked where it is mounted; locally it would first have to be cut out.
  const local = config.embedded ? undefined : `haproxy -c -dr -f ${config.file}`;
  if (pod) {
    return {
      text: `In the running HAProxy pod, after the ConfigMap is updated (it has the cluster's DNS and the files the config names${local ? `; locally \`${local}\` works too, -dr letting names that only resolve in the cluster pass, if every file the config names, such as errorfile pages, exists at its path` : ''})`,
      command: [`kubectl exec -n ${pod.workload.namespace} deploy/${pod.workload.name} -- haproxy -c -f ${pod.path}`],
      expect: '`Configuration file is valid`',
    };
  }
  return {
    text: local
      ? 'Locally, -dr lets names that only resolve in the cluster pass (every file the config names, such as errorfile pages, must exist at its path)'
      : `Locally, once the text of ConfigMap ${config.embedded!.configMap} key ${config.embedded!.key} is saved to that file (-dr lets names that only resolve in the cluster pass)`,
    command: [local ?? `haproxy -c -dr -f ${config.embedded!.key}`],
    expect: '`Configuration file is valid`',
  };
}

/** The pod that mounts a config written in a ConfigMap, and the path it reads it from. */
function mountedIn(input: RootCauseInput, config: HaproxyConfig): { workload: Workload; path: string } | undefined {
  if (!config.embedded) return undefined;
  const entry = input.lookup.haproxyMounts(config)[0];
  if (!entry) return undefined;
  const { mountPath, subPath } = entry.mount;
  return { workload: entry.workload, path: subPath ? mountPath.value : `${mountPath.value.replace(/\/$/, '')}/${config.embedded.key}` };
}

/** DNS SRV answers carry the port HAProxy will use; dig runs from a pod that has it. */
function srvChecks(input: RootCauseInput, findings: Finding[]): CauseCheck[] {
  const namespace = input.lookup.options.defaultNamespace;
  const targets = unique(findings.map((finding) => /on (\S+), which exposes (\d+) \((\w+)\)/.exec(finding.message) ?? undefined).filter(isDefined).map((match) => `${match[1]} ${match[2]} ${match[3]}`)).map((key) => key.split(' ') as [string, string, string]);
  if (targets.length === 0) return [];
  return [
    {
      text: `The SRV records name the ports the Services expose (${targets.map(([service, port]) => `\`${service}\` ${port}`).join(', ')})`,
      command: [digCommand(namespace, targets.map(([service, , name]) => `_${name}._tcp.${service}.${namespace}.svc.${input.lookup.options.clusterDomain}`))],
      expect: 'one line per ready pod, each with that port',
    },
  ];
}

/** One throwaway pod with dig asking for the SRV records of `names`. */
export function digCommand(namespace: string, names: string[]): string {
  return `kubectl run dns-check -n ${namespace} --rm -i --restart=Never --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3 -- dig +short ${names.map((name) => `SRV ${name}`).join(' ')}`;
}

function haproxyStats(input: RootCauseInput): CauseCheck | undefined {
  const stats = input.result.model.services.find((service) => service.ports.some((port) => port.name === 'stats' || port.port === 8404));
  const port = stats?.ports.find((entry) => entry.name === 'stats' || entry.port === 8404);
  if (!stats || !port) return undefined;
  return {
    text: 'The stats page shows every server UP:',
    command: [`kubectl port-forward -n ${stats.namespace} svc/${stats.name} ${port.port}:${port.port}`, `curl -s 'http://localhost:${port.port}/stats;csv' | cut -d, -f1,2,18 | grep -v ',UP$'`],
    expect: 'only the header and BACKEND/FRONTEND lines, no server DOWN',
  };
}

/** One request per route the fix changes, sent through the proxy from a pod that has curl. */
function routeChecks(input: RootCauseInput, config: HaproxyConfig, frontend: HaproxyFrontend | undefined, moved: MovedRoute[], fix: { acl: Acl; corrected: Acl } | undefined): CauseCheck[] {
  if (!frontend || !fix) return [];
  const service = input.result.model.services.find((entry) => /haproxy/i.test(entry.name) && entry.ports.some((port) => port.port !== 8404 && port.name !== 'stats'));
  const port = service?.ports.find((entry) => entry.port !== 8404 && entry.name !== 'stats');
  const host = service && port ? `http://${service.name}.${service.namespace}.svc.${input.lookup.options.clusterDomain}:${port.port}` : 'http://HAPROXY:PORT';
  const { fixed } = fixedRouting(input, config, frontend, fix.acl, fix.corrected);
  // The route that stays, and one request per backend that receives moved routes.
  const firstPerBackend = unique(moved.map((route) => route.to)).map((backend) => moved.find((route) => route.to === backend)!.path);
  const matched = unique(['/_matrix/client/v3/sync', ...firstPerBackend]);
  const requests = matched.map((path) => ({ path, backend: routeRequest(fixed.config, fixed.frontend, { path, method: 'GET' }).backend ?? '(none)' }));
  const namespace = service?.namespace ?? input.lookup.options.defaultNamespace;
  return requests.map(({ path, backend }) => ({
    text: `\`GET ${path}\` reaches \`${backend}\` (the HAProxy log line names the backend):`,
    command: [
      `kubectl run route-check -n ${namespace} --rm -i --restart=Never --image=curlimages/curl -- curl -s -o /dev/null -w '%{http_code}\\n' ${host}${path}`,
      `kubectl logs -n ${namespace} deploy/haproxy --tail=20 | grep '${path}'`,
    ],
    expect: `a log line with \`${backend}/\``,
  }));
}

// -- cross-references --------------------------------------------------------------------------------

/** Causes that name the same Service, or whose places point at each other, refer to each other. */
function linkCauses(causes: RootCause[]): void {
  const services = causes.map((cause) => new Set(cause.places.flatMap((entry) => [...entry.message.matchAll(/Service (?:[^/\s]+\/)?([a-z0-9][a-z0-9-]*)/g)].map((match) => match[1]!))));
  const at = causes.map((cause) => new Set(cause.places.map((entry) => `${entry.file}:${entry.line}`)));
  causes.forEach((cause, index) => {
    const related = new Set(cause.places.flatMap((entry) => entry.related.map((relatedPlace) => `${relatedPlace.file}:${relatedPlace.line}`)));
    causes.forEach((other, otherIndex) => {
      if (otherIndex === index) return;
      const shared = [...services[index]!].some((name) => services[otherIndex]!.has(name)) || [...related].some((key) => at[otherIndex]!.has(key));
      if (shared) {
        if (!cause.seeAlso.includes(other.id)) cause.seeAlso.push(other.id);
        if (!other.seeAlso.includes(cause.id)) other.seeAlso.push(cause.id);
      }
    });
  });
}

/** Two causes of one rule in files of the same name get -2, -3 … in report order. */
function uniqueIds(causes: RootCause[]): void {
  const seen = new Map<string, number>();
  for (const cause of causes) {
    const count = (seen.get(cause.id) ?? 0) + 1;
    seen.set(cause.id, count);
    if (count > 1) cause.id = `${cause.id}-${count}`;
  }
}

// -- helpers -----------------------------------------------------------------------------------------

/** The finding each place was made from; kept beside the place so the report's output stays as it is. */
const placeFindings = new WeakMap<CausePlace, Finding>();

/** The finding a cause's place shows (the site lists each finding under its cause). */
export function placeFinding(causePlace: CausePlace): Finding | undefined {
  return placeFindings.get(causePlace);
}

function place(finding: Finding): CausePlace {
  const made: CausePlace = { ruleId: finding.ruleId, file: finding.file, line: finding.line, column: finding.column, message: finding.message, related: finding.related };
  placeFindings.set(made, finding);
  return made;
}

function ruleIdsOf(findings: Finding[]): string[] {
  return unique(findings.map((finding) => finding.ruleId)).sort(compareText);
}

function backticked(text: string): string | undefined {
  return /`([^`]+)`/.exec(text)?.[1];
}

/**
 * How titles name each file: its base name, or as many trailing folders as it takes to tell it
 * from another file of that name (`README.md`, `components/istio/README.md`).
 */
function fileLabels(files: readonly string[]): (file: string) => string {
  const distinct = [...new Set(files)];
  const labels = new Map<string, string>();
  for (const file of distinct) {
    const parts = file.split('/');
    let depth = 1;
    const suffix = (path: string, count: number) => path.split('/').slice(-count).join('/');
    while (depth < parts.length && distinct.some((other) => other !== file && suffix(other, depth) === suffix(file, depth))) depth++;
    labels.set(file, suffix(file, depth));
  }
  return (file) => labels.get(file) ?? basename(file);
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function code(text: string): string {
  return `\`${text}\``;
}

function stripPeriod(text: string): string {
  return text.replace(/\.$/, '');
}


function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
