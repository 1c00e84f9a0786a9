import path from 'node:path/posix';
import { compareText } from '../engine/finding.ts';
import type { FileRole, Severity } from '../model/types.ts';
import { workerRoute } from './architecture.ts';
import { rootLabel, type SiteContext } from './context.ts';
import type { WorkloadFacts } from './facts.ts';
import { causesOf, messageHtml, ruleLink, SEVERITY_LABEL, severityBadge } from './findings.ts';
import { code, el, esc, link, plural, table } from './html.ts';
import type { PageBody, PlannedPage, SiteHeading, SitePage } from './types.ts';

const ROLES: { role: FileRole; label: string }[] = [
  { role: 'doc', label: 'Docs' },
  { role: 'manifest', label: 'Manifests' },
  { role: 'haproxy', label: 'haproxy.cfg' },
];
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
/** How many root causes the home page names; the drift report has them all. */
const TOP_CAUSES = 5;

/**
 * The home page, one screen that answers "is this deployment's documentation true?": status,
 * counts by severity, the top root causes, what was checked and at which commit.
 */
export function overviewPage(ctx: SiteContext, facts: readonly WorkloadFacts[], pages: SitePage[]): PlannedPage {
  const clean = ctx.result.findings.length === 0;
  return {
    page: { id: 'index', title: 'Overview', description: clean ? 'No drift between docs, manifests and HAProxy configuration.' : `Drift found: ${countsText(ctx)}.` },
    body: async () => overviewBody(ctx, facts, pages),
  };
}

function countsText(ctx: SiteContext): string {
  const { summary } = ctx.result;
  return [summary.errors > 0 ? plural(summary.errors, 'error') : '', summary.warnings > 0 ? plural(summary.warnings, 'warning') : '', summary.infos > 0 ? plural(summary.infos, 'info') : '']
    .filter(Boolean)
    .join(', ');
}

function overviewBody(ctx: SiteContext, facts: readonly WorkloadFacts[], pages: SitePage[]): PageBody {
  const { result, routes } = ctx;
  const headings: SiteHeading[] = [];
  const h2 = (text: string, id: string) => {
    headings.push({ depth: 2, slug: id, text });
    return el('h2', { id }, esc(text));
  };
  const clean = result.findings.length === 0;
  const out: string[] = [];
  out.push(
    el(
      'div',
      { class: `dd-status dd-status-${clean ? 'clean' : result.summary.errors > 0 ? 'error' : 'warning'}`, role: 'status', 'data-status': clean ? 'clean' : 'drift' },
      el('p', { class: 'dd-status-title' }, clean ? 'No drift: the docs match the deployment' : `Drift found: ${esc(countsText(ctx))}`),
      el(
        'p',
        {},
        clean
          ? `Docs, Kubernetes manifests and HAProxy configuration agree (${plural(result.files.length, 'file')} checked).`
          : `${link(routes.href('drift'), 'Open the drift report')} to see both sides of each disagreement.`,
      ),
      ctx.git ? el('p', { class: 'dd-status-commit' }, 'Built from commit ', code(ctx.git.commit.slice(0, 12)), ` of ${esc(ctx.git.date.slice(0, 10))}`) : '',
    ),
  );
  out.push(
    el(
      'ul',
      { class: 'dd-counts', 'aria-label': 'Findings by severity' },
      ...SEVERITIES.map((severity) => {
        const count = result.findings.filter((finding) => finding.severity === severity).length;
        const label = el('span', { class: 'dd-count-label' }, `${SEVERITY_LABEL[severity]}s`);
        const number = el('span', { class: 'dd-count-number' }, String(count));
        return el('li', { class: `dd-count dd-count-${severity}`, 'data-severity': severity }, count > 0 ? el('a', { href: `${routes.href('drift')}?severity=${severity}` }, number, label) : `${number}${label}`);
      }),
    ),
  );

  out.push(h2('Top root causes', 'top-root-causes'));
  // The architecture review's grouping: one cause for the findings that share it, most harmful first.
  const causes = causesOf(ctx);
  out.push(
    causes.length === 0
      ? el('p', {}, 'None: nothing to fix.')
      : el(
          'ol',
          { class: 'dd-causes' },
          ...causes.slice(0, TOP_CAUSES).map((cause) => {
            const place = cause.places[0]!;
            const source = routes.sourceHref(place.file);
            return el(
              'li',
              { 'data-cause': cause.id, 'data-impact': cause.impact },
              severityBadge(cause.severity),
              ' ',
              el('a', { href: routes.href('drift', `cause-${cause.id}`) }, messageHtml(cause.title)),
              ` (${cause.impact}): ${messageHtml(cause.consequence)} ${plural(cause.places.length, 'place')}, first in `,
              source ? link(`${source}#L${place.line}`, `${place.file}:${place.line}`) : code(`${place.file}:${place.line}`),
              ' ',
              el('span', { class: 'dd-muted' }, '(', cause.ruleIds.map((id) => ruleLink(ctx, id)).join(', '), ')'),
            );
          }),
        ),
  );
  if (causes.length > TOP_CAUSES) out.push(el('p', { class: 'dd-muted' }, `${plural(causes.length - TOP_CAUSES, 'more cause')} in the ${link(routes.href('review'), 'architecture review')}.`));

  out.push(h2('What was checked', 'what-was-checked'));
  out.push(
    el(
      'p',
      {},
      `Root ${code(rootLabel(ctx))}, namespace ${code(result.config.namespace)}, cluster domain ${code(result.config.clusterDomain)}: ${plural(result.files.length, 'file')} in ${plural(folders(ctx).length, 'folder')}.`,
    ),
  );
  out.push(
    table(
      ['Folder', ...ROLES.map((role) => esc(role.label))],
      folders(ctx).map(([folder, files]) => [
        code(folder === '.' ? './' : `${folder}/`),
        ...ROLES.map(({ role }) => files.filter((file) => file.role === role).map((file) => link(routes.sourceHref(file.path)!, path.basename(file.path))).join('<br>') || '—'),
      ]),
      { class: 'dd-checked' },
    ),
  );
  const model = result.model;
  if (model.units.length > 0) {
    out.push(el('p', {}, `Objects applied together, as ${plural(model.units.length, 'deployment unit')}: duplicates count within one unit; alternatives package the same deployment.`));
    out.push(
      table(
        ['Unit', 'Kind', 'Objects', 'Relations'],
        model.units.map((unit) => [
          code(unit.id) + (unit.name ? ` (${esc(unit.name)})` : ''),
          esc(unit.status === 'skipped' ? `${unit.kind}, not rendered` : unit.kind),
          String(unit.objects),
          [
            ...(unit.includes.length > 0 ? [`includes ${unit.includes.map(code).join(', ')}`] : []),
            ...(unit.alternatives.length > 0 ? [`alternative of ${unit.alternatives.map(code).join(', ')}`] : []),
            ...(unit.overlays.length > 0 ? [`add-on to ${unit.overlays.map(code).join(', ')}`] : []),
            ...unit.appliedBy.map((entry) => `applied by ${esc(entry.value)}`),
            ...unit.builtBy.map((entry) => `built from ${entry.from.map(code).join(', ')} by ${code(`${entry.source.file}:${entry.source.line}`)}`),
          ].join('; ') || '—',
        ]),
        { class: 'dd-units' },
      ),
    );
  }
  out.push(
    el(
      'p',
      {},
      `The deployment as modelled: ${plural(model.workloads.length, 'workload')} (${facts.map((entry) => link(routes.href(workerRoute(ctx, facts, entry.workload)), entry.workload.name)).join(', ') || 'none'}), `,
      `${plural(model.services.length, 'Service')}, ${plural(model.ingresses.length, 'Ingress', 'Ingresses')}, `,
      `${plural(model.haproxy.reduce((sum, config) => sum + config.frontends.length, 0), 'HAProxy frontend')} and ${plural(model.haproxy.reduce((sum, config) => sum + config.backends.length, 0), 'backend')}.`,
    ),
  );

  out.push(h2('On this site', 'on-this-site'));
  out.push(el('ul', { class: 'dd-pages' }, ...pages.map((page) => el('li', {}, link(routes.href(page.id), page.title), page.description ? `: ${esc(page.description)}` : ''))));
  return { html: out.join('\n'), headings };
}

/** The checked files by folder, folders in path order. */
function folders(ctx: SiteContext): [string, SiteContext['result']['files']][] {
  const byFolder = new Map<string, SiteContext['result']['files']>();
  for (const file of ctx.result.files) {
    const folder = path.dirname(file.path);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  return [...byFolder.entries()].sort(([a], [b]) => compareText(a, b));
}
