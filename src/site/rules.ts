import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildIdentity, hashFiles } from '../engine/tool-version.ts';
import type { Rule } from '../rules/define-rule.ts';
import { RULE_FIXTURES, ruleExamples, type Example, type RuleExamples } from '../rules/examples.ts';
import { CACHE_ROOT, writeJson } from './cache.ts';
import type { SiteContext } from './context.ts';
import { locationText, severityBadge } from './findings.ts';
import { el, esc, link, mdCode, mdFence, mdLink, mdText, table } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { PageBody, PlannedPage } from './types.ts';

/** The rules reference: an index, and a page per rule from the rule's own metadata, docs and examples. */
export function rulePages(ctx: SiteContext): PlannedPage[] {
  const index: PlannedPage = {
    page: { id: 'rules', title: 'Rules reference', description: `The ${ctx.rules.length} rules docdrift checks, with what each finds and how to fix it.` },
    body: async () => ruleIndexBody(ctx),
  };
  // Every rule's examples, read (or computed) once, by the first body that needs them.
  let examples: Promise<Map<string, RuleExamples | undefined>> | undefined;
  return [
    index,
    ...ctx.rules.map((rule) => ({
      page: { id: ctx.routes.ruleRoute(rule.id), title: rule.id, description: rule.description.replace(/`/g, ''), sidebar: { label: rule.id.split('/').pop()! } },
      body: async () => ruleBody(ctx, rule, (await (examples ??= allExamples(ctx.rules))).get(rule.id)),
    })),
  ];
}

function ruleIndexBody(ctx: SiteContext): PageBody {
  const { routes } = ctx;
  const count = (rule: Rule) => ctx.result.findings.filter((finding) => finding.ruleId === rule.id).length;
  return {
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
}

function severityOf(ctx: SiteContext, rule: Rule): 'error' | 'warning' | 'info' {
  const setting = ctx.result.config.rules[rule.id];
  return setting && setting !== 'off' ? setting : rule.severity;
}

async function ruleBody(ctx: SiteContext, rule: Rule, examples: RuleExamples | undefined): Promise<PageBody> {
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
  const markdown = out.join('\n\n');
  const rendered = await ctx.cache.get('markdown', markdown, () => renderMarkdown(markdown));
  return { ...rendered, html: withoutSearch(rendered.html, 'examples') };
}

/**
 * The section under the h2 with that id, kept out of the search index: the rules' examples name
 * Services and workloads of their fixtures, which a search for this deployment's names must not find.
 */
function withoutSearch(html: string, id: string): string {
  const start = html.indexOf(`<h2 id="${id}">`);
  if (start < 0) return html;
  const end = html.indexOf('<h2', start + 1);
  const stop = end < 0 ? html.length : end;
  return `${html.slice(0, start)}<div data-pagefind-ignore="all">${html.slice(start, stop)}</div>${html.slice(stop)}`;
}

/**
 * Every rule's examples (its fixtures, checked). They depend only on the fixtures and docdrift's
 * code, so they are kept in the cache folder under a key of both: checking 2 × rules fixture
 * folders is the slowest part of computing the site.
 */
async function allExamples(rules: readonly Rule[]): Promise<Map<string, RuleExamples | undefined>> {
  const key = await examplesKey(rules);
  const file = path.join(CACHE_ROOT, `rule-examples-${key}.json`);
  try {
    return new Map(Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, RuleExamples>));
  } catch {
    // Not cached yet.
  }
  // Each rule's examples check its fixtures; they overlap their file reads.
  const computed = await Promise.all(rules.map(async (rule) => [rule.id, await ruleExamples(rule).catch(() => undefined)] as const));
  // A cache that cannot be written is no error.
  await writeJson(file, Object.fromEntries(computed.filter(([, value]) => value !== undefined))).catch(() => undefined);
  return new Map(computed);
}

/** A hash of the rule ids, the fixtures (paths and contents) and docdrift's build. */
async function examplesKey(rules: readonly Rule[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(rules.map((rule) => rule.id).join('\n'));
  await hashFiles(hash, RULE_FIXTURES, true);
  hash.update(await buildIdentity());
  return hash.digest('hex').slice(0, 24);
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

