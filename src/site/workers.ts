import type { Finding } from '../engine/finding.ts';
import type { SiteContext } from './context.ts';
import { probes, route, scalingText, type WorkloadFacts } from './facts.ts';
import { architectureFacts } from './workload-text.ts';
import { locationText, messageHtml, severityBadge } from './findings.ts';
import { code, el, esc, link, plural, table } from './html.ts';
import { serves, workerRoute } from './architecture.ts';
import type { PageBody, PlannedPage, SiteHeading } from './types.ts';

/** A page per workload: what it is, how it scales, what reaches it, which endpoints HAProxy sends it. */
export function workerPages(ctx: SiteContext, facts: readonly WorkloadFacts[]): PlannedPage[] {
  return facts.map((entry) => {
    const { workload } = entry;
    return {
      page: {
        id: workerRoute(ctx, facts, workload),
        title: workload.name,
        description: `${entry.label}: ${workload.kind} ${workload.name} (${scalingText(entry)}).`,
        sidebar: { label: workload.name },
      },
      body: async () => workerBody(ctx, entry),
    };
  });
}

function workerBody(ctx: SiteContext, entry: WorkloadFacts): PageBody {
  const { workload } = entry;
  const headings: SiteHeading[] = [];
  const h2 = (text: string, id: string) => {
    headings.push({ depth: 2, slug: id, text });
    return el('h2', { id }, esc(text));
  };
  const src = (file: string, line: number, text = `${file}:${line}`) => {
    const href = ctx.routes.sourceHref(file, line);
    return href ? link(href, text) : code(text);
  };
  const out: string[] = [];
  out.push(el('p', {}, `${esc(entry.label)}: ${esc(workload.kind)} ${code(workload.name)} in namespace ${code(workload.namespace)}, defined at ${src(workload.source.file, workload.source.line)}.`));
  if (entry.role) out.push(el('p', {}, el('strong', {}, 'Role: '), esc(entry.role)));
  out.push(table(['Fact', 'Value'], architectureFacts(ctx, entry).map(([fact, value]) => [esc(fact), value])));

  out.push(h2('Traffic', 'traffic'), el('p', {}, serves(ctx, entry)));
  const routed = probes(ctx.reference).flatMap((probe) => route(ctx, probe).filter((result) => result.workloads.includes(workload)));
  if (routed.length > 0) {
    out.push(
      el(
        'details',
        {},
        el('summary', {}, `${plural(routed.length, 'endpoint')} of the Synapse worker docs that HAProxy sends here`),
        table(
          ['Group', 'Endpoint', 'Sample', 'Rule'],
          routed.map((result) => [
            esc(result.probe.group),
            code(result.probe.pattern),
            code(`${result.probe.method} ${result.probe.path}`),
            result.decision.source ? src(result.decision.source.file, result.decision.source.line, `${result.frontend.name}:${result.decision.source.line} → ${result.decision.backend ?? ''}`) : esc(result.decision.backend ?? ''),
          ]),
        ),
      ),
    );
  }

  const here = workloadFindings(ctx, entry);
  out.push(h2('Findings', 'findings'));
  out.push(
    here.length === 0
      ? el('p', {}, 'No findings about this workload, its Services or its HAProxy backends.')
      : el(
          'ul',
          { class: 'dd-worker-findings' },
          ...here.map((finding) => {
            const number = ctx.numbers.get(finding)!;
            return el(
              'li',
              { 'data-finding': number },
              severityBadge(finding.severity),
              ' ',
              messageHtml(finding.message),
              ' ',
              el('span', { class: 'dd-muted' }, '(', src(finding.file, finding.line, locationText(finding)), ' · ', link(ctx.routes.href('drift', `finding-${number}`), `finding ${number}`), ')'),
            );
          }),
        ),
  );
  return { html: out.join('\n'), headings };
}

interface Span {
  file: string;
  from: number;
  to: number;
}

/**
 * Every finding whose place or one of whose related places lies in the workload's manifest, in a
 * Service that selects it, in an HAProxy backend that reaches it or on a line that routes to one.
 */
export function workloadFindings(ctx: SiteContext, entry: WorkloadFacts): Finding[] {
  const spans: Span[] = [entry.workload, ...entry.services].map((object) => ({ file: object.documentSource.file, from: object.documentSource.line, to: object.documentSource.endLine }));
  for (const { config, backend } of entry.backends) {
    const section = config.sections.find((candidate) => (candidate.type === 'backend' || candidate.type === 'listen') && candidate.name === backend.name);
    const last = Math.max(backend.source.line, ...(section?.lines ?? []).map((line) => line.source.endLine));
    spans.push({ file: config.file, from: backend.source.line, to: last });
    for (const frontend of config.frontends) {
      const routes = [...frontend.useBackends.map((rule) => rule.backend), ...(frontend.defaultBackend ? [frontend.defaultBackend] : [])];
      for (const target of routes) if (target.value === backend.name) spans.push({ file: config.file, from: target.source.line, to: target.source.endLine });
    }
  }
  const touches = (place: { file: string; line: number }) => spans.some((span) => span.file === place.file && place.line >= span.from && place.line <= span.to);
  return ctx.result.findings.filter((finding) => touches(finding) || finding.related.some(touches));
}
