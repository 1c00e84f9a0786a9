/**
 * The architecture diagram, drawn at build time from the deployed model: Ingress → Services →
 * HAProxy frontends → backends → Services → workloads, with ports, replicas and fallbacks.
 * elkjs lays it out (layered, left to right); the result is an inline SVG string whose colours
 * come from Starlight's CSS variables and currentColor, so it reads in light and dark mode.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { HaproxyServer, Service, Workload } from '../model/types.ts';
import type { SiteContext } from './context.ts';
import { entryFrontends, portsText, scalingText, type WorkloadFacts } from './facts.ts';
import { esc } from './html.ts';

type NodeKind = 'ingress' | 'service' | 'workload' | 'frontend' | 'backend' | 'external';

interface DiagramNode {
  id: string;
  kind: NodeKind;
  title: string;
  lines: string[];
  href: string | undefined;
  warn: boolean;
  workload?: string;
}

interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  label: string | undefined;
  style: 'route' | 'backup' | 'select';
}

const CHAR = 7.3;
const LINE = 16;
const PAD_X = 10;
const PAD_Y = 8;
const MAX_LABEL = 34;

/** Builds the graph from the model (every workload is a node) and returns the SVG. */
export async function architectureDiagram(ctx: SiteContext, facts: readonly WorkloadFacts[]): Promise<{ svg: string; workloads: string[] }> {
  const { lookup, routes } = ctx;
  const model = ctx.result.model;
  const nodes = new Map<string, DiagramNode>();
  const edges = new Map<string, DiagramEdge>();
  const src = (file: string, line: number) => routes.sourceHref(file, line);
  const serviceId = (service: Service) => `svc:${service.namespace}/${service.name}`;
  const workloadId = (workload: Workload) => `wl:${workload.namespace}/${workload.kind}/${workload.name}`;
  const addEdge = (source: string, target: string, label: string | undefined, style: DiagramEdge['style']) => {
    const id = `${source}->${target}:${style}`;
    const existing = edges.get(id);
    if (existing) {
      if (label && existing.label !== label) existing.label = existing.label ? `${existing.label}, ${label}` : label;
      return;
    }
    edges.set(id, { id, source, target, label, style });
  };

  for (const ingress of model.ingresses) {
    const hosts = [...new Set(ingress.backends.map((backend) => backend.host).filter((host): host is string => Boolean(host)))];
    const id = `ing:${ingress.namespace}/${ingress.name}`;
    nodes.set(id, { id, kind: 'ingress', title: `Ingress ${ingress.name}`, lines: hosts.length > 0 ? hosts : ['all hosts'], href: src(ingress.source.file, ingress.source.line), warn: false });
    const byTarget = new Map<string, string[]>();
    for (const backend of ingress.backends) {
      const service = lookup.service(ingress.namespace, backend.serviceName.value);
      const target = service ? serviceId(service) : `ext:svc/${backend.serviceName.value}`;
      if (!service && !nodes.has(target)) {
        nodes.set(target, { id: target, kind: 'external', title: `Service ${backend.serviceName.value}`, lines: ['not defined'], href: src(backend.source.file, backend.source.line), warn: true });
      }
      byTarget.set(target, [...(byTarget.get(target) ?? []), `${backend.path ?? '/'}`]);
      addEdge(id, target, `:${backend.servicePort.value}`, 'route');
    }
  }

  for (const service of model.services) {
    const id = serviceId(service);
    const ports = service.ports.map((port) => `${port.name ? `${port.name} ` : ''}${port.port}${String(port.targetPort) !== String(port.port) ? `→${port.targetPort}` : ''}`);
    const selected = lookup.selectedWorkloads(service);
    nodes.set(id, {
      id,
      kind: 'service',
      title: `Service ${service.name}`,
      lines: [`${service.headless ? 'headless' : service.type}${ports.length > 0 ? ` · ${ports.join(', ')}` : ''}`],
      href: src(service.source.file, service.source.line),
      warn: service.selector !== undefined && selected.length === 0,
    });
    for (const workload of selected) addEdge(id, workloadId(workload), undefined, 'select');
  }

  for (const entry of facts) {
    const { workload } = entry;
    const id = workloadId(workload);
    const scaling = scalingText(entry);
    const ports = portsText(workload);
    nodes.set(id, {
      id,
      kind: 'workload',
      title: `${workload.kind} ${workload.name}`,
      lines: [...(entry.kind ? [entry.label] : []), scaling, ...(ports.length > 0 ? [`ports ${ports.join(', ')}`] : [])],
      href: routes.href(routes.workerRoute(workload, facts.map((other) => other.workload))),
      warn: false,
      workload: workload.name,
    });
  }

  for (const { config, frontend } of entryFrontends(ctx)) {
    const id = `fe:${config.file}/${frontend.name}`;
    const binds = frontend.binds.map((bind) => bind.value);
    nodes.set(id, { id, kind: 'frontend', title: `frontend ${frontend.name}`, lines: binds.length > 0 ? [`bind ${binds.join(', ')}`] : [], href: src(frontend.source.file, frontend.source.line), warn: false });
    // The HAProxy workload that listens on a bind port feeds the frontend.
    for (const bind of binds) {
      const port = Number(/:(\d+)$/.exec(bind)?.[1]);
      if (!port) continue;
      for (const workload of model.workloads) {
        const listens = workload.containers.some((container) => container.ports.some((entry) => entry.containerPort === port));
        const isHaproxy = /haproxy/i.test(workload.name) || workload.containers.some((container) => /haproxy/i.test(container.image ?? ''));
        if (listens && isHaproxy) addEdge(workloadId(workload), id, `:${port}`, 'route');
      }
    }
    const byBackend = new Map<string, string[]>();
    for (const rule of frontend.useBackends) {
      const names = (rule.condition?.anyOf.flat() ?? []).map((term) => `${term.negated ? '!' : ''}${term.acl.kind === 'named' ? term.acl.name.value : '{…}'}`);
      byBackend.set(rule.backend.value, [...(byBackend.get(rule.backend.value) ?? []), ...(names.length > 0 ? names : ['always'])]);
    }
    if (frontend.defaultBackend) byBackend.set(frontend.defaultBackend.value, [...(byBackend.get(frontend.defaultBackend.value) ?? []), 'default']);
    for (const [name, conditions] of byBackend) {
      const backend = config.backends.find((candidate) => candidate.name === name);
      const target = backend ? `be:${config.file}/${name}` : `ext:be/${name}`;
      if (!backend && !nodes.has(target)) nodes.set(target, { id: target, kind: 'external', title: `backend ${name}`, lines: ['not defined'], href: src(frontend.source.file, frontend.source.line), warn: true });
      addEdge(id, target, shorten([...new Set(conditions)].join(' ')), 'route');
    }
  }

  for (const config of model.haproxy) {
    for (const backend of config.backends) {
      const id = `be:${config.file}/${backend.name}`;
      const regular = backend.servers.filter((server) => !server.backup);
      const slots = regular.reduce((sum, server) => sum + (server.slots?.value ?? 1), 0);
      nodes.set(id, {
        id,
        kind: 'backend',
        title: `backend ${backend.name}`,
        lines: [`balance ${backend.balance?.value ?? 'roundrobin'}`, `${slots} ${slots === 1 ? 'server' : 'server slots'}${backend.servers.some((server) => server.backup) ? ' + backup' : ''}`],
        href: src(backend.source.file, backend.source.line),
        warn: false,
      });
      for (const server of backend.servers) {
        const target = lookup.addressTarget(server, backend);
        const service = lookup.serverService(backend, server);
        let targetId: string;
        if (service) targetId = serviceId(service);
        else if (target) {
          // A cluster name whose Service no manifest defines: drawn once, in red.
          targetId = `ext:svc/${target.service}`;
          if (!nodes.has(targetId)) nodes.set(targetId, { id: targetId, kind: 'external', title: `Service ${target.service}`, lines: ['not defined'], href: src(server.source.file, server.source.line), warn: true });
        } else {
          targetId = `ext:host/${server.host}`;
          if (!nodes.has(targetId)) nodes.set(targetId, { id: targetId, kind: 'external', title: server.host, lines: ['outside the cluster'], href: src(server.source.file, server.source.line), warn: false });
        }
        addEdge(id, targetId, serverLabel(server), server.backup ? 'backup' : 'route');
      }
    }
  }

  if (nodes.size === 0) return { svg: '', workloads: [] };
  const input = layoutInput([...nodes.values()], [...edges.values()]);
  const graph = await ctx.cache.get('layout', JSON.stringify(input), () => layout(input));
  return { svg: render(graph, nodes, edges), workloads: facts.map((entry) => entry.workload.name) };
}

function serverLabel(server: HaproxyServer): string {
  const count = server.slots ? ` ×${server.slots.value}` : '';
  if (server.srv) return `SRV _${server.srv.portName}${count}`;
  return `${server.port ? `:${server.port}` : server.host}${count}`;
}

function shorten(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

function nodeSize(node: DiagramNode): { width: number; height: number } {
  const longest = Math.max(node.title.length + 1, ...node.lines.map((line) => line.length));
  return { width: Math.ceil(longest * CHAR + 2 * PAD_X), height: PAD_Y * 2 + LINE * (1 + node.lines.length) };
}

/**
 * One flat layered graph. Boxes per namespace, unit or HAProxy config (compound nodes laid out with
 * `elk.hierarchyHandling: INCLUDE_CHILDREN`) were measured and are worse: ELK then packs no separate
 * components, so edges got 14 % longer on the embedded default (6282 → 7168 px, 1330 → 1556 px wide),
 * twice as long on seed-before (27466 → 55014 px, 3290 → 4492 px wide) and online-boutique became one
 * 3682 × 188 px row, while sibling backends stayed as close as they are here (one row, ≤ 240 px apart).
 * Laying out each connected component with its boxes and packing them apart still left edges 13 %
 * (embedded, 7036 px) and 80 % (seed-before, 47880 px) longer, with more crossings at the box edges.
 */
function layoutInput(nodes: DiagramNode[], edges: DiagramEdge[]): ElkNode {
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '44',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.spacing.nodeNode': '14',
      'elk.spacing.edgeEdge': '8',
      'elk.spacing.edgeNode': '10',
      'elk.spacing.edgeLabel': '3',
      'elk.spacing.componentComponent': '28',
      'elk.aspectRatio': '0.9',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      // Shortens edges where nodes can move along their layer (seed-before: total edge length 27466 → 26528 px).
      'elk.layered.compaction.postCompaction.strategy': 'EDGE_LENGTH',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.considerModelOrder.components': 'MODEL_ORDER',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
    },
    children: nodes.map((node) => ({ id: node.id, ...nodeSize(node) })),
    edges: edges.map(
      (edge): ElkExtendedEdge => ({
        id: edge.id,
        sources: [edge.source],
        targets: [edge.target],
        labels: edge.label ? [{ id: `${edge.id}#label`, text: edge.label, width: Math.ceil(edge.label.length * 6.4 + 6), height: 14 }] : [],
      }),
    ),
  };
}

/** Loaded only for a layout the last build did not compute: elkjs is a large module. */
async function layout(graph: ElkNode): Promise<ElkNode> {
  // A CommonJS module: its default export is module.exports, whose `default` is the constructor too.
  const { default: ElkBundle } = await import('elkjs/lib/elk.bundled.js');
  return new ElkBundle.default().layout(graph);
}

const r = (value: number | undefined): string => String(Math.round((value ?? 0) * 10) / 10);

function render(graph: ElkNode, nodes: Map<string, DiagramNode>, edges: Map<string, DiagramEdge>): string {
  const width = Math.ceil(graph.width ?? 0);
  const height = Math.ceil(graph.height ?? 0);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="dd-diagram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="dd-diagram-title dd-diagram-desc">`,
    '<title id="dd-diagram-title">Architecture as deployed</title>',
    `<desc id="dd-diagram-desc">${esc(describe(nodes, edges))}</desc>`,
    '<defs><marker id="dd-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>',
    '<g class="dd-edges">',
  );
  const labels: string[] = [];
  for (const laid of graph.edges ?? []) {
    const edge = edges.get(laid.id)!;
    for (const section of laid.sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      const d = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${r(point.x)},${r(point.y)}`).join(' ');
      parts.push(`<path class="dd-edge dd-edge-${edge.style}" d="${d}" marker-end="url(#dd-arrow)"/>`);
    }
    for (const label of laid.labels ?? []) {
      labels.push(`<text class="dd-edge-label" x="${r((label.x ?? 0) + 2)}" y="${r((label.y ?? 0) + 11)}">${esc(label.text ?? '')}</text>`);
    }
  }
  parts.push('</g>', `<g class="dd-edge-labels">${labels.join('')}</g>`, '<g class="dd-nodes">');
  for (const laid of graph.children ?? []) {
    const node = nodes.get(laid.id)!;
    const text = [
      `<text class="dd-node-title" x="${PAD_X}" y="${PAD_Y + 12}">${esc(node.title)}</text>`,
      ...node.lines.map((line, index) => `<text class="dd-node-line" x="${PAD_X}" y="${PAD_Y + 12 + LINE * (index + 1)}">${esc(line)}</text>`),
    ].join('');
    const box = `<rect width="${r(laid.width)}" height="${r(laid.height)}" rx="6"/>${text}`;
    const attrs = `class="dd-node dd-node-${node.kind}${node.warn ? ' dd-node-warn' : ''}" transform="translate(${r(laid.x)},${r(laid.y)})"${node.workload ? ` data-workload="${esc(node.workload)}"` : ''}`;
    parts.push(node.href ? `<a href="${esc(node.href)}" ${attrs}><title>${esc(node.title)}</title>${box}</a>` : `<g ${attrs}>${box}</g>`);
  }
  parts.push('</g></svg>');
  return parts.join('');
}

/** A sentence per node kind for screen readers. */
function describe(nodes: Map<string, DiagramNode>, edges: Map<string, DiagramEdge>): string {
  const titles = (kind: NodeKind) => [...nodes.values()].filter((node) => node.kind === kind).map((node) => node.title);
  const flows = [...edges.values()].filter((edge) => edge.style !== 'select').length;
  return [
    `Ingresses: ${titles('ingress').join(', ') || 'none'}.`,
    `HAProxy frontends: ${titles('frontend').join(', ') || 'none'}; backends: ${titles('backend').join(', ') || 'none'}.`,
    `Services: ${titles('service').join(', ') || 'none'}.`,
    `Workloads: ${titles('workload').join(', ') || 'none'}.`,
    `${flows} routing connections.`,
  ].join(' ');
}
