import type { Rule } from '../rules/define-rule.ts';
import { ruleExamples, type Example } from '../rules/examples.ts';
import type { SiteContext } from './context.ts';
import { locationText, severityBadge } from './findings.ts';
import { el, esc, link, mdCode, mdFence, mdLink, mdText, table } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { SitePage } from './types.ts';

/** The rules reference: an index, and a page per rule from the rule's own metadata, docs and examples. */
export async function rulePages(ctx: SiteContext): Promise<SitePage[]> {
  const { routes } = ctx;
  const count = (rule: Rule) => ctx.result.findings.filter((finding) => finding.ruleId === rule.id).length;
  const index: SitePage = {
    id: 'rules',
    title: 'Rules reference',
    description: `The ${ctx.rules.length} rules docdrift checks, with what each finds and how to fix it.`,
    html: [
      el('p', {}, `Every rule docdrift runs. Severity as configured for this deployment; “here” counts its findings in this check.`),
      table(
        ['Rule', 'Severity', 'Impact', 'Finds', 'Here'],
        ctx.rules.map((rule) => [
          link(routes.href(routes.ruleRoute(rule.id)), rule.id),
          severityBadge(severityOf(ctx, rule)),
          esc(rule.impact),
          esc(rule.description),
          count(rule) > 0 ? link(`${routes.href('drift')}?rule=${encodeURIComponent(rule.id)}`, String(count(rule))) : '0',
        ]),
      ),
    ].join('\n'),
    headings: [],
  };
  // Each rule's examples check its fixtures; they overlap their file reads.
  return [index, ...(await Promise.all(ctx.rules.map((rule) => rulePage(ctx, rule))))];
}

function severityOf(ctx: SiteContext, rule: Rule): 'error' | 'warning' | 'info' {
  const setting = ctx.result.config.rules[rule.id];
  return setting && setting !== 'off' ? setting : rule.severity;
}

async function rulePage(ctx: SiteContext, rule: Rule): Promise<SitePage> {
  const { routes } = ctx;
  const setting = ctx.result.config.rules[rule.id];
  const out: string[] = [];
  out.push(
    `**Severity:** ${rule.severity}${setting && setting !== rule.severity ? ` (configured here: ${setting})` : ''} · **Impact:** ${rule.impact}`,
    rule.title ? `**${mdText(rule.title)}.** ${rule.description}` : rule.description,
  );
  if (rule.consequence) out.push('## What breaks', rule.consequence);
  const docs = (rule as { docs?: unknown }).docs;
  if (typeof docs === 'string' && docs.trim() !== '') out.push('## Details', docs);
  out.push('## How to fix', rule.fix);

  let examples: Awaited<ReturnType<typeof ruleExamples>> | undefined;
  try {
    examples = await ruleExamples(rule);
  } catch {
    examples = undefined;
  }
  if (examples && (examples.bad.files.length > 0 || examples.good.files.length > 0)) {
    out.push('## Examples');
    out.push(...exampleMarkdown('Reported', examples.bad), ...exampleMarkdown('Not reported', examples.good));
  }

  const findings = ctx.result.findings.filter((finding) => finding.ruleId === rule.id);
  out.push('## In this deployment');
  if (findings.length === 0) out.push(setting === 'off' ? 'Turned off in this deployment’s configuration.' : 'No findings.');
  else {
    out.push(
      findings
        .map((finding) => {
          const number = ctx.numbers.get(finding)!;
          const source = routes.sourceHref(finding.file, finding.line);
          return `- ${source ? mdLink(source, locationText(finding)) : mdCode(locationText(finding))}: ${mdText(finding.message)} (${mdLink(routes.href('drift', `finding-${number}`), `finding ${number}`)})`;
        })
        .join('\n'),
    );
  }
  const { html, headings } = await renderMarkdown(out.join('\n\n'));
  return {
    id: routes.ruleRoute(rule.id),
    title: rule.id,
    description: rule.description.replace(/`/g, ''),
    html,
    headings,
    sidebar: { label: rule.id.split('/').pop()! },
  };
}

function exampleMarkdown(label: string, example: Example): string[] {
  const out = [`### ${label}`, `From ${mdCode(example.folder)}:`];
  for (const file of example.files) {
    const lang = /\.ya?ml$/i.test(file.path) ? 'yaml' : /haproxy.*\.cfg$/i.test(file.path) ? 'haproxy' : /\.md$/i.test(file.path) ? 'md' : 'text';
    for (const excerpt of file.excerpts) {
      const to = excerpt.from + excerpt.lines.length - 1;
      const title = `${file.path}${excerpt.from === 1 && to === file.lineCount ? '' : ` (lines ${excerpt.from}–${to})`}`.replace(/["\\]/g, '');
      out.push(mdFence(`${lang} title="${title}"`, excerpt.lines.join('\n')));
    }
  }
  if (example.findings.length > 0) {
    out.push(example.findings.map((finding) => `- ${mdCode(`${finding.file}:${finding.line}`)}: ${mdText(finding.message)}`).join('\n'));
  }
  return out;
}

