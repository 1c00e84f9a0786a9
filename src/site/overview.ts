import type { FileRole } from '../model/types.ts';
import type { SiteContext } from './context.ts';
import type { WorkloadFacts } from './facts.ts';
import { locationText, ruleLink, severityBadge } from './findings.ts';
import { code, el, esc, link, plural, table } from './html.ts';
import type { PageBody, PlannedPage, SiteHeading, SitePage } from './types.ts';

const ROLES: { role: FileRole; label: string }[] = [
  { role: 'doc', label: 'Markdown docs' },
  { role: 'manifest', label: 'Kubernetes manifests' },
  { role: 'haproxy', label: 'HAProxy configurations' },
];

/** The home page: status, what was checked, every finding linked, and the way to the other pages. */
export function overviewPage(ctx: SiteContext, facts: readonly WorkloadFacts[], pages: SitePage[]): PlannedPage {
  const clean = ctx.result.findings.length === 0;
  const status = statusText(ctx);
  return {
    page: { id: 'index', title: 'Overview', description: clean ? 'No drift between docs, manifests and HAProxy configuration.' : `Drift found: ${status}.` },
    body: async () => overviewBody(ctx, facts, pages),
  };
}

function statusText(ctx: SiteContext): string {
  const { summary } = ctx.result;
  if (ctx.result.findings.length === 0) return 'Clean: docs, manifests and HAProxy configuration agree.';
  return [summary.errors > 0 ? plural(summary.errors, 'error') : '', summary.warnings > 0 ? plural(summary.warnings, 'warning') : '', summary.infos > 0 ? plural(summary.infos, 'info') : '']
    .filter(Boolean)
    .join(', ');
}

function overviewBody(ctx: SiteContext, facts: readonly WorkloadFacts[], pages: SitePage[]): PageBody {
  const { result, routes } = ctx;
  const { summary } = result;
  const headings: SiteHeading[] = [];
  const h2 = (text: string, id: string) => {
    headings.push({ depth: 2, slug: id, text });
    return el('h2', { id }, esc(text));
  };
  const clean = result.findings.length === 0;
  const status = statusText(ctx);
  const out: string[] = [];
  out.push(
    el(
      'div',
      { class: `dd-status dd-status-${clean ? 'clean' : summary.errors > 0 ? 'error' : 'warning'}`, role: 'status' },
      el('p', { class: 'dd-status-title' }, clean ? 'No drift' : `Drift found: ${esc(status)}`),
      el('p', {}, clean ? esc(status) : `${link(routes.href('drift'), 'Open the drift report')} to see both sides of each disagreement.`),
    ),
  );
  out.push(h2('What was checked', 'what-was-checked'));
  out.push(
    el(
      'p',
      {},
      `Root ${code(result.root)}, namespace ${code(result.config.namespace)}, cluster domain ${code(result.config.clusterDomain)}: ${plural(result.files.length, 'file')}.`,
    ),
  );
  out.push(
    table(
      ['Kind', 'Files'],
      ROLES.map(({ role, label }) => {
        const files = result.files.filter((file) => file.role === role);
        return [
          `${esc(label)} (${files.length})`,
          files.map((file) => link(routes.sourceHref(file.path) ?? routes.href('index'), file.path)).join('<br>') || '—',
        ];
      }),
    ),
  );
  const model = result.model;
  out.push(
    el(
      'p',
      {},
      `The deployment as modelled: ${plural(model.workloads.length, 'workload')} (${facts.map((entry) => link(routes.href(workerLinkId(ctx, facts, entry)), entry.workload.name)).join(', ') || 'none'}), `,
      `${plural(model.services.length, 'Service')}, ${plural(model.ingresses.length, 'Ingress', 'Ingresses')}, `,
      `${plural(model.haproxy.reduce((sum, config) => sum + config.frontends.length, 0), 'HAProxy frontend')} and ${plural(model.haproxy.reduce((sum, config) => sum + config.backends.length, 0), 'backend')}.`,
    ),
  );

  out.push(h2('Findings', 'findings'));
  out.push(
    clean
      ? el('p', {}, 'None.')
      : el(
          'ol',
          { class: 'dd-overview-findings' },
          ...result.findings.map((finding) => {
            const number = ctx.numbers.get(finding)!;
            const href = routes.sourceHref(finding.file, finding.line);
            return el(
              'li',
              {},
              severityBadge(finding.severity),
              ' ',
              link(routes.href('drift', `finding-${number}`), finding.message),
              ' ',
              el('span', { class: 'dd-muted' }, '(', href ? link(href, locationText(finding)) : code(locationText(finding)), ', ', ruleLink(ctx, finding.ruleId), ')'),
            );
          }),
        ),
  );

  out.push(h2('On this site', 'on-this-site'));
  out.push(el('ul', { class: 'dd-pages' }, ...pages.map((page) => el('li', {}, link(routes.href(page.id), page.title), page.description ? `: ${esc(page.description)}` : ''))));
  return { html: out.join('\n'), headings };
}

function workerLinkId(ctx: SiteContext, facts: readonly WorkloadFacts[], entry: WorkloadFacts): string {
  const clash = facts.some((other) => other !== entry && other.workload.name === entry.workload.name);
  return ctx.routes.workerRoute(entry.workload.namespace, entry.workload.name, clash);
}
