/**
 * The expansion path: for each Synapse worker kind that HAProxy could route to but that is not
 * deployed yet, which endpoints it would take over (and where they go today), and exactly what to
 * add: the StatefulSet, its worker file, the headless Service HAProxy's SRV lookup needs, the HAProxy
 * backend, ACLs and use_backend line, and the Synapse config keys. Grouped in the phases of the
 * original review: media, event creators, federation, then the rest.
 */
import { exampleFromRegex } from '../model/endpoint-samples.ts';
import { streamNames, type WorkerKindFacts } from '../model/reference.ts';
import { routeRequest } from '../model/routing.ts';
import { mainWorkload, sharedConfigs } from '../model/synapse-instances.ts';
import type { HaproxyBackend, HaproxyConfig, HaproxyFrontend, HaproxyServer, Workload } from '../model/types.ts';
import type { SiteContext } from './context.ts';
import { entryFrontends, probes, route, synapseContainer } from './facts.ts';
import { mdCode, mdFence, mdLink, mdTableRow, mdText } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { PlannedPage } from './types.ts';

interface Phase {
  title: string;
  why: string;
  kinds: string[] | undefined;
}

const PHASES: Phase[] = [
  {
    title: 'Phase 1: Media repository',
    why: 'Uploads, downloads and thumbnails are the heaviest requests the generic workers carry. A media repository worker takes them, and the media store, off the generic pool.',
    kinds: ['media-repository'],
  },
  {
    title: 'Phase 2: Event creators',
    why: 'Room creation, event sending and membership changes move to workers balanced by room, so one busy room no longer slows every generic worker.',
    kinds: ['event-creator'],
  },
  {
    title: 'Phase 3: Federation',
    why: 'Inbound federation transactions (balanced by origin server) and federation reads get pools of their own, apart from client traffic.',
    kinds: ['federation-inbound', 'federation-reader'],
  },
  {
    title: 'Phase 4: The rest',
    why: 'Stream writers take their streams off the main process; specialised readers take their endpoint families off the generic workers. Each gets a backend of its own.',
    kinds: undefined,
  },
];

/** The reference fields this page reads beyond what the rules need (data/synapse-workers.json has them all). */
type KindFacts = WorkerKindFacts & {
  scaling?: string;
  notes?: string;
  stream?: string;
  load_balancing?: Record<string, string> | null;
  main_config_keys?: string[];
  listener_resources?: Record<string, unknown>;
};

/** Headings for the kinds (the vocabulary's labels are made for sentences). */
const KIND_LABELS: Record<string, string> = {
  'media-repository': 'Media repository worker',
  'event-creator': 'Event creator',
  'federation-inbound': 'Inbound federation worker',
  'federation-reader': 'Federation reader',
  'initial-synchrotron': 'Initial sync worker',
  'sliding-sync': 'Sliding sync worker',
  'client-reader': 'Client reader',
  'user-dir': 'User directory worker',
  typing: 'Typing writer',
  'to-device': 'To-device writer',
  'account-data': 'Account data writer',
  receipts: 'Receipts writer',
  presence: 'Presence writer',
  'push-rules': 'Push rules writer',
  'device-lists': 'Device lists writer',
  'thread-subscriptions': 'Thread subscriptions writer',
  'sso-login': 'SSO login worker',
  'mas-helper': 'MAS helper worker',
};

/** Kinds that are never a separate step: the main process, and the historical frontend proxy. */
const NOT_A_STEP = new Set(['main', 'frontend-proxy']);

interface Today {
  backend: string | undefined;
  workloads: Workload[];
  via: 'use_backend' | 'default_backend' | 'none';
  line: number | undefined;
}

interface Endpoint {
  pattern: string;
  path: string | undefined;
  today: Today | undefined;
}

interface Conventions {
  namespace: string;
  domain: string;
  prefix: string;
  labelKeys: string[];
  image: string;
  httpPort: number;
  portName: string;
  replicationPort: number;
  serverOptions: string;
  backupLine: string | undefined;
  checkLines: string[];
  template: Workload | undefined;
  frontend: { config: HaproxyConfig; frontend: HaproxyFrontend } | undefined;
}

/** The expansion path is about Synapse workers: a deployment that runs no Synapse has none. */
export function hasExpansionPath(ctx: SiteContext): boolean {
  const { model } = ctx.result;
  return model.synapse.length > 0 || model.workloads.some((workload) => ctx.lookup.workerKind(workload) !== undefined);
}

export function expansionPage(ctx: SiteContext): PlannedPage {
  return {
    page: {
      id: 'expansion',
      title: 'Expansion path',
      description: 'The Synapse workers not deployed yet, in phases: which endpoints each would take over, and exactly what to add.',
    },
    body: () => {
      const markdown = expansionMarkdown(ctx);
      return ctx.cache.get('markdown', markdown, () => renderMarkdown(markdown));
    },
  };
}

function expansionMarkdown(ctx: SiteContext): string {
  const { lookup, reference } = ctx;
  const model = ctx.result.model;
  const deployed = new Map<string, Workload[]>();
  for (const workload of model.workloads) {
    const kind = lookup.workerKind(workload);
    if (kind) deployed.set(kind, [...(deployed.get(kind) ?? []), workload]);
  }
  const candidates = (reference.worker_kinds as KindFacts[]).filter((kind) => kind.http_routed && !NOT_A_STEP.has(kind.id));
  const conventions = conventionsOf(ctx);
  const out: string[] = [];

  const deployedList = [...deployed.entries()].map(([kind, workloads]) => `${mdText(lookup.vocabulary.label(kind))} (${workloads.map((workload) => mdCode(workload.name)).join(', ')})`);
  out.push(
    `Deployed today: ${deployedList.join(', ') || 'no Synapse workers'}. ` +
      `The Synapse worker kinds HAProxy could route to that are not deployed follow, in four phases; each phase is optional, ` +
      `independent of the others and can be rolled back by reverting it. The snippets follow this deployment's own conventions ` +
      `(namespace ${mdCode(conventions.namespace)}, image ${mdCode(conventions.image)}, SRV port name ${mdCode(conventions.portName)}).`,
  );
  const plan = ctx.docs.find((doc) => /expansion/i.test(doc.file) || /expansion/i.test(doc.title ?? ''));
  if (plan) out.push(`The docs’ own plan: ${mdLink(ctx.routes.href(ctx.routes.docRoute(plan.file)!), plan.title ?? plan.file)}.`);

  for (const phase of PHASES) {
    const inPhase = candidates.filter((kind) => (phase.kinds ? phase.kinds.includes(kind.id) : !PHASES.some((other) => other.kinds?.includes(kind.id))));
    out.push(`## ${mdText(phase.title)}`, mdText(phase.why));
    const pending = inPhase.filter((kind) => !deployed.has(kind.id));
    const done = inPhase.filter((kind) => deployed.has(kind.id));
    if (done.length > 0) out.push(`Already deployed: ${done.map((kind) => `${mdText(lookup.vocabulary.label(kind.id))} (${deployed.get(kind.id)!.map((workload) => mdCode(workload.name)).join(', ')})`).join(', ')}.`);
    if (pending.length === 0) {
      out.push(done.length > 0 ? 'Nothing left to add in this phase.' : 'No worker kinds in this phase.');
      continue;
    }
    for (const kind of pending) out.push(...kindSection(ctx, kind, conventions));
  }
  return out.join('\n\n');
}

function kindSection(ctx: SiteContext, kind: KindFacts, c: Conventions): string[] {
  const label = KIND_LABELS[kind.id] ?? capitalize(ctx.lookup.vocabulary.label(kind.id));
  const suffix = kind.ess_service_suffix ?? kind.id;
  const name = `${c.prefix}${suffix}`;
  const service = name;
  const backendName = `${suffix}-workers`;
  const srv = `_${c.portName}._tcp.${service}.${c.namespace}.svc.${c.domain}`;
  const endpoints = endpointsOf(ctx, kind, c);
  const stream = streamOf(ctx, kind);
  const needsReplication = stream !== undefined || kind.id === 'media-repository';
  const singleton = /exactly one|single/i.test(kind.scaling ?? '') || kind.id === 'media-repository';
  const replicas = singleton ? 1 : 2;
  const noFallback = kind.id === 'media-repository' || /cannot fall ?back/i.test(`${kind.scaling ?? ''} ${kind.notes ?? ''}`);
  const out: string[] = [`### ${mdText(label)}`, `${mdText(kind.role)} Scaling: ${mdText(kind.scaling ?? 'many')}.`];
  if (kind.notes) out.push(`> ${mdText(kind.notes)}`);

  // Endpoints and where they go today.
  const routed = endpoints.filter((endpoint) => endpoint.today);
  if (endpoints.length === 0) {
    out.push('It has no HTTP endpoints of its own in the reference lists.');
  } else {
    const counts = new Map<string, number>();
    for (const endpoint of routed) {
      const key = describeToday(endpoint.today!);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    out.push(
      `It would take over ${endpoints.length === 1 ? 'one endpoint' : `${endpoints.length} endpoints`} (Synapse’s worker docs and ESS). Today ` +
        ([...counts.entries()].map(([where, count]) => `${count} go${count === 1 ? 'es' : ''} to ${where}`).join(', ') || 'none can be probed') +
        '.',
    );
    const rows = endpoints.map((endpoint) => {
      const today = endpoint.today;
      const rule = today?.line && c.frontend ? mdLink(ctx.routes.sourceHref(c.frontend.config.file, today.line) ?? '#', `line ${today.line}`) : '—';
      return mdTableRow([mdCode(endpoint.pattern), today ? describeToday(today) : 'no sample path', rule]);
    });
    out.push(['| Endpoint | Today | Rule |', '| --- | --- | --- |', ...rows].join('\n'));
  }

  // 1. Workload and worker file.
  const labels = c.labelKeys.map((key) => `${key}: ${key === 'component' || key === 'app.kubernetes.io/component' ? suffix : key === 'app' || key === 'app.kubernetes.io/name' ? 'synapse' : suffix}`);
  const templateNote = c.template ? `      # Copy env, volumes, volumeMounts and resources from ${c.template.kind} ${c.template.name}.` : '      # Mount the shared homeserver.yaml and secrets as the other Synapse workers do.';
  const ports = [`            - name: ${c.portName}`, `              containerPort: ${c.httpPort}`, '              protocol: TCP'];
  if (needsReplication) ports.push('            - name: replication', `              containerPort: ${c.replicationPort}`, '              protocol: TCP');
  const statefulSet = [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${c.namespace}`,
    '  labels:',
    ...labels.map((line) => `    ${line}`),
    'spec:',
    `  serviceName: ${service}`,
    `  replicas: ${replicas}`,
    '  selector:',
    '    matchLabels:',
    ...labels.map((line) => `      ${line}`),
    '  template:',
    '    metadata:',
    '      labels:',
    ...labels.map((line) => `        ${line}`),
    '    spec:',
    templateNote,
    '      containers:',
    '        - name: synapse',
    `          image: ${c.image}`,
    '          command: ["python", "-m", "synapse.app.generic_worker",',
    '                    "--config-path", "/config/homeserver.yaml", "--config-path", "/conf/worker.yaml"]',
    '          env:',
    '            - name: POD_NAME',
    '              valueFrom:',
    '                fieldRef:',
    '                  fieldPath: metadata.name',
    '          ports:',
    ...ports,
    '          readinessProbe:',
    '            httpGet:',
    '              path: /health',
    `              port: ${c.portName}`,
  ].join('\n');
  const resources = listenerResources(kind);
  const workerFile = [
    'worker_app: synapse.app.generic_worker',
    `worker_name: \${POD_NAME}          # the pod name: ${name}-0${replicas > 1 ? `, ${name}-1 …` : ''}`,
    'worker_listeners:',
    '  - type: http',
    `    port: ${c.httpPort}`,
    '    resources:',
    `      - names: [${resources.join(', ')}]`,
    ...(needsReplication ? ['  - type: http', `    port: ${c.replicationPort}`, '    resources:', '      - names: [replication]'] : []),
    ...(kind.id === 'media-repository' ? ['enable_media_repo: true'] : []),
  ].join('\n');
  out.push(
    '#### Workload',
    `A StatefulSet gives each pod a stable name, which Synapse uses as its ${mdCode('worker_name')}${needsReplication ? ' and other processes reach through instance_map' : ''}.`,
    mdFence('yaml title="StatefulSet"', statefulSet),
    `Its worker file (rendered with the pod name, like the other workers’):`,
    mdFence('yaml title="worker.yaml"', workerFile),
  );

  // 2. Headless Service.
  const serviceYaml = [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${service}`,
    `  namespace: ${c.namespace}`,
    '  labels:',
    ...labels.map((line) => `    ${line}`),
    'spec:',
    '  clusterIP: None',
    '  selector:',
    ...labels.map((line) => `    ${line}`),
    '  ports:',
    `    - name: ${c.portName}          # HAProxy resolves ${srv}`,
    `      port: ${c.httpPort}`,
    `      targetPort: ${c.portName}`,
    '      protocol: TCP',
  ].join('\n');
  out.push(
    '#### Headless Service',
    `HAProxy finds the pods through the SRV record ${mdCode(srv)}, which exists only for a named port: the port must be called ${mdCode(c.portName)}.`,
    mdFence('yaml title="Service"', serviceYaml),
  );

  // 3. HAProxy.
  const dedicated = dedicatedBackend(ctx, endpoints, c);
  const short = suffix.replace(/[^a-z0-9]/gi, '').slice(0, 12) || 'worker';
  const serverLine = `    server-template ${short} ${replicas > 1 ? 8 : 1} ${srv} ${c.serverOptions}`.trimEnd();
  out.push('#### HAProxy');
  if (dedicated) {
    const line = dedicated.servers.find((server) => !server.backup && server.kind === 'server-template') ?? dedicated.servers.find((server) => !server.backup);
    out.push(
      `Backend ${mdCode(dedicated.name)} already carries exactly these endpoints: point it at the new Service${line ? `, replacing the server on ${mdLink(ctx.routes.sourceHref(line.source.file, line.source.line) ?? '#', `line ${line.source.line}`)}` : ''}.${noFallback ? ' It keeps no backup server: the main process cannot serve these requests.' : ''}`,
      mdFence('haproxy', [`backend ${dedicated.name}`, serverLine].join('\n')),
    );
  } else {
    const backendLines = [`backend ${backendName}`, `    balance ${balanceOf(kind)}`, ...c.checkLines.map((line) => `    ${line}`), serverLine];
    if (!noFallback && c.backupLine) backendLines.push(`    ${c.backupLine}`);
    const balanceNote = kind.load_balancing ? Object.values(kind.load_balancing).join('; ') : undefined;
    out.push(
      `A backend of its own${noFallback ? ', without a backup server (the main process cannot serve these requests)' : ', with the main process as backup'}:`,
      mdFence('haproxy title="backend"', backendLines.join('\n')),
      ...(balanceNote ? [`Load balancing in the reference: ${mdText(balanceNote)}`] : []),
    );
    const acl = `is_${kind.id.replace(/[^a-z0-9]+/gi, '_')}`;
    const aclLines = endpoints.map((endpoint) => `    acl ${acl} path_reg ${endpoint.pattern}`);
    if (aclLines.length > 0 && c.frontend) {
      const before = insertionPoint(endpoints, c);
      const beforeText = before ? `before ${mdLink(ctx.routes.sourceHref(c.frontend.config.file, before.line) ?? '#', `line ${before.line}`)} (${mdCode(before.text)}), the first rule that takes these endpoints today` : 'after the last use_backend line';
      out.push(
        `In frontend ${mdCode(c.frontend.frontend.name)}, the ACLs, and the ${mdCode('use_backend')} line ${beforeText}:`,
        mdFence('haproxy title="frontend"', [...aclLines, '', `    use_backend ${backendName} if ${acl}`].join('\n')),
      );
    }
  }

  // 4. Synapse configuration.
  const keys: string[] = [];
  const instance = `${name}-0`;
  if (needsReplication) {
    keys.push('instance_map:', `  ${instance}:`, `    host: ${instance}.${service}.${c.namespace}.svc.${c.domain}`, `    port: ${c.replicationPort}`);
  }
  if (stream) keys.push('stream_writers:', `  ${stream}:`, `    - ${instance}`);
  if (kind.id === 'media-repository') keys.push('enable_media_repo: false', `media_instance_running_background_jobs: ${instance}`);
  const shared = sharedConfigs(ctx.result.model)[0];
  out.push('#### Synapse configuration');
  if (keys.length > 0) {
    const where = shared ? mdLink(ctx.routes.sourceHref(shared.source.file, shared.source.line) ?? '#', `${shared.source.file}:${shared.source.line}`) : 'homeserver.yaml';
    out.push(`Add to the shared configuration (${where}), next to what is there:`, mdFence('yaml title="homeserver.yaml"', keys.join('\n')));
  } else {
    out.push('No shared key names this worker: HAProxy alone decides what it receives.');
  }
  if (kind.main_config_keys && kind.main_config_keys.length > 0) out.push(`The reference lists: ${kind.main_config_keys.map(mdCode).join(', ')}.`);
  return out;
}

function describeToday(today: Today): string {
  const names = today.workloads.map((workload) => workload.name);
  const backend = today.backend ? mdCode(today.backend) : 'no backend';
  return `${backend}${names.length > 0 ? ` (${names.map(mdCode).join(', ')})` : ''}${today.via === 'default_backend' ? ', the default' : ''}`;
}

function endpointsOf(ctx: SiteContext, kind: KindFacts, c: Conventions): Endpoint[] {
  const regexes = nonEmpty(kind.endpoint_regexes?.ess_helm) ?? nonEmpty(kind.endpoint_regexes?.docker) ?? streamEndpoints(ctx, kind) ?? [];
  return [...new Set(regexes)].map((pattern) => {
    const path = exampleFromRegex(pattern) ?? (pattern.startsWith('/') ? pattern : undefined);
    let today: Today | undefined;
    if (path && c.frontend) {
      const decision = routeRequest(c.frontend.config, c.frontend.frontend, { path, method: kind.stream ? 'PUT' : 'GET' });
      const backend = c.frontend.config.backends.find((candidate) => candidate.name === decision.backend);
      today = { backend: decision.backend, workloads: backend ? workloadsOf(ctx, backend) : [], via: decision.via, line: decision.source?.line };
    }
    return { pattern, path, today };
  });
}

function workloadsOf(ctx: SiteContext, backend: HaproxyBackend): Workload[] {
  const out = new Set<Workload>();
  for (const server of backend.servers) {
    if (server.backup) continue;
    const service = ctx.lookup.serverService(backend, server);
    if (service) for (const workload of ctx.lookup.selectedWorkloads(service)) out.add(workload);
  }
  return [...out];
}

function streamEndpoints(ctx: SiteContext, kind: KindFacts): string[] | undefined {
  const stream = streamOf(ctx, kind);
  return stream ? nonEmpty(ctx.reference.endpoints.synapse_docs.stream_writer_endpoints[stream]) : undefined;
}

function streamOf(ctx: SiteContext, kind: KindFacts): string | undefined {
  const raw = kind.stream;
  if (typeof raw !== 'string') return undefined;
  const first = raw.split(/\s/)[0]!;
  return streamNames(ctx.reference).includes(first) ? first : undefined;
}

function nonEmpty(list: string[] | null | undefined): string[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/**
 * An existing backend that receives every one of these endpoints and nothing else the reference
 * lists (as media-workers or federation-inbound often do): it only needs new servers.
 */
function dedicatedBackend(ctx: SiteContext, endpoints: Endpoint[], c: Conventions): HaproxyBackend | undefined {
  if (!c.frontend) return undefined;
  const routed = endpoints.filter((endpoint) => endpoint.today);
  if (routed.length === 0 || routed.length < endpoints.length) return undefined;
  const names = new Set(routed.map((endpoint) => (endpoint.today!.via === 'use_backend' ? endpoint.today!.backend : undefined)));
  if (names.size !== 1) return undefined;
  const name = [...names][0];
  if (!name) return undefined;
  const patterns = endpoints.flatMap((endpoint) => {
    try {
      return [new RegExp(endpoint.pattern)];
    } catch {
      return [];
    }
  });
  // Every endpoint the reference lists that reaches the backend today must be one of this kind's.
  for (const probe of probes(ctx.reference)) {
    const decision = route(ctx, probe).find((routed) => routed.frontend === c.frontend!.frontend)?.decision;
    if (decision?.backend === name && !patterns.some((pattern) => pattern.test(probe.path))) return undefined;
  }
  return c.frontend.config.backends.find((backend) => backend.name === name);
}

function insertionPoint(endpoints: Endpoint[], c: Conventions): { line: number; text: string } | undefined {
  if (!c.frontend) return undefined;
  const rules = c.frontend.frontend.useBackends;
  const lines = endpoints.flatMap((endpoint) => (endpoint.today?.via === 'use_backend' && endpoint.today.line ? [endpoint.today.line] : []));
  const first = lines.length > 0 ? Math.min(...lines) : undefined;
  const rule = first !== undefined ? rules.find((candidate) => candidate.source.line === first) : undefined;
  if (rule) return { line: rule.source.line, text: `use_backend ${rule.backend.value}` };
  const fallback = c.frontend.frontend.defaultBackend;
  return fallback ? { line: fallback.source.line, text: `default_backend ${fallback.value}` } : undefined;
}

function balanceOf(kind: KindFacts): string {
  const hints = Object.values(kind.load_balancing ?? {});
  for (const hint of hints) {
    const match = /\bbalance ([a-z_]+(?:\([^)]*\))?(?: whole)?)/i.exec(hint);
    if (match) return match[1]!;
  }
  return 'roundrobin';
}

function listenerResources(kind: KindFacts): string[] {
  const sources = kind.listener_resources ?? {};
  for (const key of ['synapse_docs', 'docker', 'ess_helm']) {
    const list = sources[key];
    if (Array.isArray(list)) {
      const names = list.filter((entry): entry is string => typeof entry === 'string' && /^(client|federation|media)$/.test(entry));
      if (names.length > 0) return names;
    }
  }
  return ['client'];
}

/** How this deployment names and configures its workers, so the snippets fit in. */
function conventionsOf(ctx: SiteContext): Conventions {
  const { lookup } = ctx;
  const model = ctx.result.model;
  const synapseWorkloads = model.workloads.filter((workload) => lookup.workerKind(workload) !== undefined);
  const frontend = entryFrontends(ctx)[0];
  const workers = synapseWorkloads.filter((workload) => lookup.workerKind(workload) !== 'main');
  const template =
    workers.find((workload) => lookup.workerKind(workload) === 'generic-worker' && workload.kind === 'StatefulSet') ??
    workers.find((workload) => workload.kind === 'StatefulSet') ??
    workers[0];
  const namespace = template?.namespace ?? ctx.result.config.namespace;
  const prefix = synapseWorkloads.length > 0 && synapseWorkloads.every((workload) => workload.name.startsWith('synapse-')) ? 'synapse-' : '';
  const labelKeys = template ? Object.keys(template.podLabels).filter((key) => key !== 'statefulset.kubernetes.io/pod-name') : [];
  const main = mainProcess(ctx, namespace);
  // The image of the container that runs Synapse: the template worker's, else the main process's.
  const image = [template, main, ...synapseWorkloads].flatMap((workload) => (workload ? [synapseContainer(workload)?.image] : [])).find((value): value is string => Boolean(value)) ?? 'ghcr.io/element-hq/synapse:latest';
  const httpPort = (template ? synapseContainer(template)?.ports : undefined)?.find((port) => port.name !== 'replication' && port.name !== 'metrics')?.containerPort ?? 8008;
  const servers: HaproxyServer[] = model.haproxy.flatMap((config) => config.backends.flatMap((backend) => backend.servers));
  const srvServer = servers.find((server) => server.srv && !server.backup);
  const portName = srvServer?.srv?.portName ?? 'http';
  const instancePorts = sharedConfigs(model).flatMap((config) => config.instanceMap.flatMap((entry) => (entry.port && entry.name.value !== 'main' ? [entry.port.value] : [])));
  const replicationPort = instancePorts[0] ?? 9093;
  const resolvers = model.haproxy.flatMap((config) => config.resolvers.map((entry) => entry.value))[0] ?? 'kubedns';
  const serverOptions = srvServer ? srvServer.options.map((option) => option.value).join(' ') : `resolvers ${resolvers} init-addr none check`;
  const textOf = (file: string, line: number) => (ctx.texts.get(file) ?? '').split(/\r\n|\r|\n/)[line - 1]?.trim();
  // A worker backend falls back to the main process this frontend already sends everything else to.
  const backup = main ? servers.find((server) => server.backup && serverReaches(ctx, server, main)) : undefined;
  const mainService = main ? lookup.servicesFor(main)[0] : undefined;
  const backupLine = backup
    ? textOf(backup.source.file, backup.source.line)?.replace(/\s+#.*$/, '')
    : mainService
      ? `server main ${mainService.name}.${mainService.namespace}.svc.${ctx.result.config.clusterDomain}:${mainService.ports[0]?.port ?? 8008} check backup`
      : undefined;
  const workerBackend = model.haproxy.flatMap((config) => config.backends).find((backend) => backend.servers.some((server) => server.srv));
  const checkLines = workerBackend
    ? (model.haproxy.flatMap((config) => config.sections).find((section) => section.type === 'backend' && section.name === workerBackend.name)?.lines ?? [])
        .filter((line) => line.keyword === 'option' || line.keyword === 'http-check')
        .map((line) => textOf(line.source.file, line.source.line)?.replace(/\s+#.*$/, '') ?? '')
        .filter(Boolean)
    : [];
  return { namespace, domain: ctx.result.config.clusterDomain, prefix, labelKeys: labelKeys.length > 0 ? labelKeys : ['app', 'component'], image, httpPort, portName, replicationPort, serverOptions, backupLine, checkLines, template, frontend };
}

/**
 * The main process the new workers join: the one the entry frontend sends what no worker takes
 * (its default backend, or where a main-process-only path goes), not another Synapse instance that
 * happens to live in the same repository. Else the first main process of the namespace.
 */
function mainProcess(ctx: SiteContext, namespace: string): Workload | undefined {
  const frontend = entryFrontends(ctx)[0];
  if (frontend) {
    const paths = ctx.reference.main_process_only.example_paths_main_only;
    for (const path of paths) {
      const decision = routeRequest(frontend.config, frontend.frontend, { path, method: 'GET' });
      const backend = frontend.config.backends.find((candidate) => candidate.name === decision.backend);
      const main = backend ? workloadsOf(ctx, backend).find((workload) => ctx.lookup.workerKind(workload) === 'main') : undefined;
      if (main) return main;
    }
  }
  return mainWorkload(ctx.lookup, namespace);
}

/** Whether a server's address is a Service that selects the workload's pods. */
function serverReaches(ctx: SiteContext, server: HaproxyServer, workload: Workload): boolean {
  const target = ctx.lookup.addressTarget(server);
  const service = target ? ctx.lookup.service(target.namespace, target.service) : undefined;
  return service !== undefined && ctx.lookup.selectedWorkloads(service).includes(workload);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
