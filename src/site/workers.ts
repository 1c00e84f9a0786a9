import type { SiteContext } from './context.ts';
import { probes, route, scalingText, type WorkloadFacts } from './facts.ts';
import { architectureFacts } from './workload-text.ts';
import { severityBadge } from './findings.ts';
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

  const here = ctx.result.findings.filter(
    (finding) => finding.file === workload.documentSource.file && finding.line >= workload.documentSource.line && finding.line <= workload.documentSource.endLine,
  );
  out.push(h2('Findings', 'findings'));
  out.push(
    here.length === 0
      ? el('p', {}, 'No findings in this workload’s manifest.')
      : el(
          'ul',
          {},
          ...here.map((finding) => {
            const number = ctx.numbers.get(finding)!;
            return el('li', {}, severityBadge(finding.severity), ' ', esc(finding.message), ' · ', link(ctx.routes.href('drift', `finding-${number}`), `finding ${number}`));
          }),
        ),
  );
  return { html: out.join('\n'), headings };
}
