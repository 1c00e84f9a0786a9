import type { Acl, HaproxyBackend, HaproxyConfig, Workload } from '../model/types.ts';
import type { SiteContext } from './context.ts';
import { architectureDiagram } from './diagram.ts';
import { entryFrontends, portsText, scalingText, type WorkloadFacts } from './facts.ts';
import { code, el, esc, link, plural, slugify, table } from './html.ts';
import type { PageBody, PlannedPage, SiteHeading } from './types.ts';

/** What the boxes' colours and the lines' dashes mean, drawn with the diagram's own classes. */
function legend(): string {
  const box = (kind: string, label: string, warn = false) =>
    el(
      'li',
      {},
      `<svg class="dd-legend-swatch" viewBox="0 0 28 16" width="28" height="16" aria-hidden="true"><g class="dd-node dd-node-${kind}${warn ? ' dd-node-warn' : ''}"><rect x="1" y="1" width="26" height="14" rx="3"/></g></svg>`,
      esc(label),
    );
  const line = (style: string, label: string) => el('li', {}, el('span', { class: `dd-key dd-key-${style}` }), esc(label));
  return el(
    'ul',
    { class: 'dd-legend', 'aria-label': 'Legend' },
    box('ingress', 'Ingress'),
    box('service', 'Service'),
    box('frontend', 'HAProxy frontend or backend'),
    box('workload', 'Workload (Deployment, StatefulSet, DaemonSet …)'),
    box('external', 'Outside the cluster'),
    box('external', 'Named but not defined', true),
    line('route', 'routes'),
    line('backup', 'backup (fallback)'),
    line('select', 'selects pods'),
  );
}

/** On a phone, the smallest scale the diagram starts at (its 12 px text at 7 px or more); the box pans. */
const PHONE_ZOOM = 0.6;

/**
 * Zoom and pan for the diagram, without a library: the SVG fits the page width until a zoom
 * button sets its size; the box around it scrolls, and dragging it pans. A drag is not a click on a box.
 */
const ZOOM_SCRIPT = `(() => {
  const figure = document.getElementById('dd-diagram-figure');
  const box = figure && figure.querySelector('.dd-diagram-scroll');
  const svg = box && box.querySelector('svg.dd-diagram');
  if (!svg) return;
  const level = figure.querySelector('.dd-zoom-level');
  const natural = svg.viewBox.baseVal;
  let zoom = 0;
  const fitted = () => svg.getBoundingClientRect().width / natural.width;
  const set = (next) => {
    zoom = next;
    if (zoom === 0) {
      svg.style.width = '';
      svg.style.height = '';
      svg.style.maxHeight = '';
      level.textContent = 'Fit';
    } else {
      svg.style.width = natural.width * zoom + 'px';
      svg.style.height = natural.height * zoom + 'px';
      svg.style.maxHeight = 'none';
      level.textContent = Math.round(zoom * 100) + '%';
    }
    figure.dataset.zoom = String(zoom);
  };
  figure.querySelector('.dd-diagram-tools').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-zoom]');
    if (!button) return;
    const current = zoom || fitted();
    const action = button.dataset.zoom;
    if (action === 'in') set(Math.min(4, current * 1.5));
    else if (action === 'out') set(Math.max(0.1, current / 1.5));
    else if (action === 'fit') set(0);
    else if (action === 'full') {
      if (document.fullscreenElement) document.exitFullscreen();
      else figure.requestFullscreen && figure.requestFullscreen();
    }
  });
  let drag;
  box.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, left: box.scrollLeft, top: box.scrollTop, moved: false };
  });
  box.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (!drag.moved) return;
    box.scrollLeft = drag.left - dx;
    box.scrollTop = drag.top - dy;
    box.classList.add('dd-dragging');
  });
  const end = () => {
    box.classList.remove('dd-dragging');
    setTimeout(() => { drag = undefined; }, 0);
  };
  box.addEventListener('pointerup', end);
  box.addEventListener('pointerleave', end);
  box.addEventListener('click', (event) => {
    if (drag && drag.moved) event.preventDefault();
  }, true);
  // On a phone the page-wide fit makes the text too small to read: start at a size to read and pan.
  if (window.innerWidth < 640 && fitted() < ${PHONE_ZOOM}) set(${PHONE_ZOOM});
})();`;

/** The reconciled architecture: the diagram, worker responsibilities, routing from the real ACLs, services and ports. */
export function architecturePage(ctx: SiteContext, facts: readonly WorkloadFacts[]): PlannedPage {
  return {
    page: {
      id: 'architecture',
      title: 'Architecture',
      description: 'The deployment as its manifests and haproxy.cfg define it: diagram, worker responsibilities, routing, services and ports.',
    },
    body: () => architectureBody(ctx, facts),
  };
}

async function architectureBody(ctx: SiteContext, facts: readonly WorkloadFacts[]): Promise<PageBody> {
  const { routes } = ctx;
  const model = ctx.result.model;
  const headings: SiteHeading[] = [];
  const h = (depth: 2 | 3, text: string, id = slugify(text)): string => {
    headings.push({ depth, slug: id, text });
    return el(`h${depth}`, { id }, esc(text));
  };
  const src = (file: string, line: number, text = `${file}:${line}`) => {
    const href = routes.sourceHref(file, line);
    return href ? link(href, text) : code(text);
  };
  const workloadLink = (workload: Workload) => link(routes.href(workerRoute(ctx, facts, workload)), workload.name);
  const out: string[] = [];

  const { svg, workloads } = await architectureDiagram(ctx, facts);
  out.push(
    el(
      'p',
      {},
      `Drawn from ${plural(ctx.result.files.filter((file) => file.role === 'manifest').length, 'manifest')} and ${plural(model.haproxy.length, 'HAProxy configuration')} when this site was built: `,
      `${plural(model.workloads.length, 'workload')}, ${plural(model.services.length, 'Service')}, ${plural(model.haproxy.reduce((sum, config) => sum + config.backends.length, 0), 'HAProxy backend')}. `,
      'Every box links to its source or its page.',
    ),
  );
  out.push(h(2, 'Diagram'));
  const figure = el(
    'figure',
    { class: 'dd-figure', id: 'dd-diagram-figure' },
    el(
      'div',
      { class: 'dd-diagram-tools', role: 'toolbar', 'aria-label': 'Diagram view', 'data-pagefind-ignore': true },
      el('button', { type: 'button', 'data-zoom': 'out', title: 'Zoom out' }, '−'),
      el('button', { type: 'button', 'data-zoom': 'fit', title: 'Fit the width of the page' }, 'Fit'),
      el('button', { type: 'button', 'data-zoom': 'in', title: 'Zoom in' }, '+'),
      el('button', { type: 'button', 'data-zoom': 'full', title: 'Full screen' }, 'Full screen'),
      el('output', { class: 'dd-zoom-level', 'aria-live': 'polite' }, 'Fit'),
    ),
    el('div', { class: 'dd-diagram-scroll', tabindex: 0, role: 'region', 'aria-label': 'Architecture diagram: zoom with the buttons, drag to pan' }, svg),
    el(
      'figcaption',
      {},
      el('p', {}, 'Traffic flows from the top: Ingress → Service → HAProxy frontend → backend → Service → workload.'),
      legend(),
      el('p', { class: 'dd-muted' }, `Workloads: ${esc(workloads.join(', '))}.`),
    ),
  );
  out.push(svg ? `${figure}<script>${ZOOM_SCRIPT}</script>` : '');
  if (!svg) out.push(el('p', {}, 'Nothing to draw: no Kubernetes objects and no HAProxy configuration were found.'));

  out.push(h(2, 'Worker responsibilities'));
  const synapse = facts.filter((entry) => entry.kind !== undefined);
  const others = facts.filter((entry) => entry.kind === undefined);
  out.push(
    el('p', {}, 'What each Synapse process receives through HAProxy (groups from the Synapse worker docs, counted in endpoints) and what it writes.'),
    table(
      ['Worker', 'Workload', 'Scaling', 'Ports', 'Serves', 'Role'],
      synapse.map((entry) => [
        esc(entry.label),
        `${esc(entry.workload.kind)} ${workloadLink(entry.workload)}`,
        esc(scalingText(entry)),
        esc(portsText(entry.workload).join(', ') || '—'),
        serves(ctx, entry),
        esc(entry.role ?? ''),
      ]),
    ),
  );
  if (others.length > 0) {
    out.push(
      el('p', {}, 'Other workloads:'),
      table(
        ['Workload', 'Scaling', 'Ports', 'Services'],
        others.map((entry) => [
          `${esc(entry.workload.kind)} ${workloadLink(entry.workload)}`,
          esc(scalingText(entry)),
          esc(portsText(entry.workload).join(', ') || '—'),
          entry.services.map((service) => code(service.name)).join(', ') || '—',
        ]),
      ),
    );
  }

  out.push(h(2, 'Routing'));
  const frontends = entryFrontends(ctx);
  if (frontends.length === 0) out.push(el('p', {}, 'No HAProxy frontend routes requests.'));
  for (const { config, frontend } of frontends) {
    const text = ctx.texts.get(config.file) ?? '';
    const lines = text.split(/\r\n|\r|\n/);
    out.push(
      h(3, `Frontend ${frontend.name}`, `frontend-${slugify(frontend.name)}`),
      el('p', {}, `In ${src(frontend.source.file, frontend.source.line, `${config.file}:${frontend.source.line}`)}, bound to ${frontend.binds.map((bind) => code(bind.value)).join(', ') || 'nothing'}. The first matching `, code('use_backend'), ' wins; ', code('default_backend'), ' takes the rest.'),
    );
    const rows = frontend.useBackends.map((rule, index) => {
      const names = [...new Set((rule.condition?.anyOf.flat() ?? []).flatMap((term) => (term.acl.kind === 'named' ? [term.acl.name.value] : [])))];
      const backend = config.backends.find((candidate) => candidate.name === rule.backend.value);
      return [
        String(index + 1),
        `${src(rule.source.file, rule.source.line, `line ${rule.source.line}`)} ${code((lines[rule.source.line - 1] ?? '').trim())}`,
        names.map((name) => aclSummary(ctx, frontend.acls.filter((acl) => acl.name === name), name)).join('<br>') || '—',
        backendCell(ctx, facts, config, backend, rule.backend.value),
      ];
    });
    if (frontend.defaultBackend) {
      const backend = config.backends.find((candidate) => candidate.name === frontend.defaultBackend!.value);
      const line = frontend.defaultBackend.source.line;
      rows.push(['default', `${src(config.file, line, `line ${line}`)} ${code((lines[line - 1] ?? '').trim())}`, 'everything else', backendCell(ctx, facts, config, backend, frontend.defaultBackend.value)]);
    }
    out.push(table(['#', 'Rule', 'ACLs', 'Backend → workloads'], rows, { class: 'dd-routing' }));
    const used = [...new Set(frontend.acls.map((acl) => acl.name))];
    if (used.length > 0) {
      out.push(
        el(
          'details',
          { class: 'dd-acls' },
          el('summary', {}, `All ${plural(frontend.acls.length, 'ACL line')} of frontend ${esc(frontend.name)}`),
          table(
            ['ACL', 'Fetch', 'Patterns', 'Line'],
            frontend.acls.map((acl) => [
              code(acl.name),
              code([acl.fetch, ...acl.flags].join(' ')),
              acl.patterns.map((pattern) => code(pattern.value)).join(' ') || '—',
              src(acl.source.file, acl.source.line, String(acl.source.line)),
            ]),
          ),
        ),
      );
    }
  }

  out.push(h(2, 'Backends and fallbacks'));
  const backends = model.haproxy.flatMap((config) => config.backends.map((backend) => ({ config, backend })));
  out.push(
    backends.length === 0
      ? el('p', {}, 'No HAProxy backends.')
      : table(
          ['Backend', 'Balance', 'Servers', 'Reaches'],
          backends.map(({ config, backend }) => [
            src(backend.source.file, backend.source.line, backend.name),
            code(backend.balance?.value ?? 'roundrobin'),
            backend.servers
              .map((server) => `${code(`${server.kind} ${server.name.value} ${server.slots ? `${server.slots.value} ` : ''}${server.address.value}`)}${server.backup ? ' (backup)' : ''}`)
              .join('<br>') || '—',
            reaches(ctx, facts, config, backend),
          ]),
        ),
  );

  out.push(h(2, 'Services and ports'));
  out.push(
    model.services.length === 0
      ? el('p', {}, 'No Services.')
      : table(
          ['Service', 'Type', 'Ports', 'SRV names', 'Selects'],
          model.services.map((service) => {
            const selected = ctx.lookup.selectedWorkloads(service);
            const domain = ctx.result.config.clusterDomain;
            return [
              src(service.source.file, service.source.line, `${service.namespace}/${service.name}`),
              esc(service.headless ? 'headless' : service.type),
              service.ports.map((port) => code(`${port.name ?? '(unnamed)'} ${port.port}→${port.targetPort}/${port.protocol}`)).join('<br>') || '—',
              service.ports
                .filter((port) => port.name)
                .map((port) => code(`_${port.name}._${port.protocol.toLowerCase()}.${service.name}.${service.namespace}.svc.${domain}`))
                .join('<br>') || '—',
              selected.length > 0 ? selected.map(workloadLink).join(', ') : service.selector ? el('strong', {}, 'no pods') : 'no selector',
            ];
          }),
        ),
  );

  out.push(h(2, 'Ingress'));
  const ingressRows = model.ingresses.flatMap((ingress) =>
    ingress.backends.map((backend) => [
      code(ingress.name),
      esc(backend.host ?? '*'),
      code(`${backend.path ?? '/'}${backend.pathType ? ` (${backend.pathType})` : ''}`),
      code(`${backend.serviceName.value}:${backend.servicePort.value}`),
      src(backend.source.file, backend.source.line, String(backend.source.line)),
    ]),
  );
  out.push(ingressRows.length === 0 ? el('p', {}, 'No Ingress.') : table(['Ingress', 'Host', 'Path', 'Service', 'Line'], ingressRows));

  return { html: out.join('\n'), headings };
}

export function workerRoute(ctx: SiteContext, facts: readonly WorkloadFacts[], workload: Workload): string {
  return ctx.routes.workerRoute(workload, facts.map((entry) => entry.workload));
}

/** "Sync requests (4), …; writes events; federation sender" for the responsibilities table. */
export function serves(ctx: SiteContext, entry: WorkloadFacts): string {
  const parts: string[] = [];
  const groups = [...entry.groups.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (groups.length > 0) parts.push(groups.map(([group, count]) => `${esc(group)} (${count})`).join(', '));
  const backends = entry.backends.filter((backend) => !backend.backup).map((backend) => code(backend.backend.name));
  if (backends.length > 0) parts.push(`via ${backends.join(', ')}`);
  const fallback = entry.backends.filter((backend) => backend.backup).map((backend) => code(backend.backend.name));
  if (fallback.length > 0) parts.push(`fallback for ${fallback.join(', ')}`);
  if (entry.streams.length > 0) parts.push(`writes ${entry.streams.map((stream) => code(stream)).join(', ')}`);
  if (entry.federationSender) parts.push('sends federation');
  return parts.join('; ') || 'no HTTP routes';
}

function aclSummary(ctx: SiteContext, acls: Acl[], name: string): string {
  if (acls.length === 0) return `${code(name)} (not declared)`;
  const first = acls[0]!;
  const href = ctx.routes.sourceHref(first.source.file, first.source.line);
  const patterns = acls.reduce((sum, acl) => sum + acl.patterns.length, 0);
  const label = href ? link(href, name) : code(name);
  return `${label} ${esc(`${first.fetch}, ${plural(patterns, 'pattern')}`)}`;
}

function backendCell(ctx: SiteContext, facts: readonly WorkloadFacts[], config: HaproxyConfig, backend: HaproxyBackend | undefined, name: string): string {
  if (!backend) return `${code(name)} ${el('strong', {}, '(no such backend)')}`;
  const href = ctx.routes.sourceHref(backend.source.file, backend.source.line);
  return `${href ? link(href, backend.name) : code(backend.name)} → ${reaches(ctx, facts, config, backend)}`;
}

function reaches(ctx: SiteContext, facts: readonly WorkloadFacts[], config: HaproxyConfig, backend: HaproxyBackend): string {
  const regular = facts.filter((entry) => entry.backends.some((link) => link.config === config && link.backend === backend && !link.backup));
  const backup = facts.filter((entry) => entry.backends.some((link) => link.config === config && link.backend === backend && link.backup));
  const name = (entry: WorkloadFacts) => link(ctx.routes.href(workerRoute(ctx, facts, entry.workload)), entry.workload.name);
  const parts = [regular.length > 0 ? regular.map(name).join(', ') : el('strong', {}, 'no workload')];
  if (backup.length > 0) parts.push(`backup ${backup.map(name).join(', ')}`);
  return parts.join('; ');
}
