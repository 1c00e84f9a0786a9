import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Rule } from '../rules/define-rule.ts';
import { RULE_FIXTURES, ruleExamples, type Example, type RuleExamples } from '../rules/examples.ts';
import { CODE_ROOT, PACKAGE_ROOT } from './paths.ts';
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
  const examples = await allExamples(ctx.rules);
  return [index, ...(await Promise.all(ctx.rules.map((rule) => rulePage(ctx, rule, examples.get(rule.id)))))];
}

function severityOf(ctx: SiteContext, rule: Rule): 'error' | 'warning' | 'info' {
  const setting = ctx.result.config.rules[rule.id];
  return setting && setting !== 'off' ? setting : rule.severity;
}

async function rulePage(ctx: SiteContext, rule: Rule, examples: RuleExamples | undefined): Promise<SitePage> {
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

/**
 * Every rule's examples (its fixtures, checked). They depend only on the fixtures and docdrift's
 * code, so they are kept in .astro/docdrift-cache/ under a key of both: checking 2 × rules
 * fixture folders is the slowest part of computing the site.
 */
async function allExamples(rules: readonly Rule[]): Promise<Map<string, RuleExamples | undefined>> {
  const key = await examplesKey(rules);
  const file = path.join(PACKAGE_ROOT, '.astro', 'docdrift-cache', `rule-examples-${key}.json`);
  try {
    return new Map(Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, RuleExamples>));
  } catch {
    // Not cached yet.
  }
  // Each rule's examples check its fixtures; they overlap their file reads.
  const computed = await Promise.all(rules.map(async (rule) => [rule.id, await ruleExamples(rule).catch(() => undefined)] as const));
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(Object.fromEntries(computed.filter(([, value]) => value !== undefined))));
    await rename(temporary, file);
  } catch {
    // A read-only install: no cache.
  }
  return new Map(computed);
}

/** A hash of the rule ids, the fixtures (paths and contents) and docdrift's code files (paths, sizes, times). */
async function examplesKey(rules: readonly Rule[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(rules.map((rule) => rule.id).join('\n'));
  const walk = async (root: string, withContents: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(root, { withFileTypes: true, recursive: true });
    } catch {
      return;
    }
    const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
    for (const file of files) {
      hash.update(`\0${path.relative(root, file)}\0`);
      if (withContents) hash.update(await readFile(file));
      else {
        const info = await stat(file);
        hash.update(`${info.size}:${info.mtimeMs}`);
      }
    }
  };
  await walk(RULE_FIXTURES, true);
  await walk(CODE_ROOT, false);
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

