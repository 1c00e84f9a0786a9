import path from 'node:path';
import type { CheckResult } from '../engine/analyze.ts';
import { check } from '../index.ts';
import { loadReference } from '../model/reference.ts';
import { writeReview } from '../report/review.ts';
import type { Rule } from '../rules/define-rule.ts';
import { rules as allRules } from '../rules/index.ts';
import { architecturePage } from './architecture.ts';
import { BuildCache, writeJson } from './cache.ts';
import { createContext, rootLabel, type SiteContext } from './context.ts';
import { esc, mdCode } from './html.ts';
import { docPages } from './docs.ts';
import { driftPage } from './drift.ts';
import { expansionPage, hasExpansionPath } from './expansion.ts';
import { guidePage } from './guide.ts';
import { workloadFacts } from './facts.ts';
import { renderMarkdown } from './markdown.ts';
import { overviewPage } from './overview.ts';
import { rulePages } from './rules.ts';
import { sourcePages } from './source.ts';
import type { PageBody, PlannedPage, RenderedPage, SidebarItem, SiteConfig, SiteData } from './types.ts';
import { workerPages } from './workers.ts';

/**
 * The files Astro reads, in the order docdrift writes them: the site's configuration
 * (astro.config.mjs), its pages (the content loader) and their bodies (when a page is rendered).
 */
export const CONFIG_FILE = 'site-config.json';
export const PAGES_FILE = 'site-pages.json';
export const BODIES_FILE = 'site-bodies.json';

export interface PrepareOptions {
  /** The deployment folder to check. */
  root: string;
  configPath?: string;
  /** Where the data files are written. */
  dataDir: string;
  /** Base path the site will be served from; '/' by default. */
  base?: string;
  /** Site title; "docdrift: <root folder name>" by default. */
  title?: string;
  /** Where a page's file is edited: a URL with `{path}` for the file's path in the repository. */
  editUrl?: string;
  rules?: readonly Rule[];
  /** Where this site's parse results and BuildCache are kept between builds; none by default. */
  cacheDir?: string;
}

export interface CheckedSite {
  result: CheckResult;
  ctx: SiteContext;
  config: SiteConfig;
}

export interface PreparedSite {
  dataDir: string;
  data: SiteData;
  result: CheckResult;
}

/**
 * The first step of a build: runs the check once and writes the site's configuration (title,
 * sidebar), which is all Astro needs to start. The pages follow with writePages(), their bodies
 * with writeBodies().
 */
export async function checkSite(options: PrepareOptions): Promise<CheckedSite> {
  const { cacheDir } = options;
  const [result, cache] = await Promise.all([
    check({ root: options.root, ...(options.configPath ? { configPath: options.configPath } : {}), ...(cacheDir ? { cache: path.join(cacheDir, 'parse') } : {}) }),
    cacheDir ? BuildCache.open(path.join(cacheDir, 'build-cache.json')) : BuildCache.none(),
  ]);
  const rootDir = path.resolve(options.root);
  const base = normalizeBase(options.base);
  const ctx = await createContext(result, rootDir, options.rules ?? allRules, base, cache, options.editUrl);
  const { git } = ctx;
  const build = git ? { commit: git.commit, date: git.date, ...(git.webUrl ? { url: `${git.webUrl}/commit/${git.commit}` } : {}) } : undefined;
  const config: SiteConfig = { version: 1, title: options.title ?? `docdrift: ${path.basename(rootDir) || rootDir}`, base, sidebar: sidebar(ctx), ...(build ? { build } : {}) };
  await writeJson(path.join(options.dataDir, CONFIG_FILE), config);
  return { result, ctx, config };
}

/** Every page for the content loader, without the bodies: with them, Astro can bundle the site. */
export async function writePages(planned: readonly PlannedPage[], dataDir: string): Promise<void> {
  await writeJson(path.join(dataDir, PAGES_FILE), planned.map((entry) => entry.page));
}

/**
 * Renders the body of every page that has one and writes them, by page id: Astro can render the
 * pages. What the build computed is kept for the next one.
 */
export async function writeBodies(checked: CheckedSite, planned: readonly PlannedPage[], dataDir: string): Promise<RenderedPage[]> {
  const pages = await renderPages(planned);
  const bodies: Record<string, PageBody> = {};
  for (const page of pages) if (page.body) bodies[page.id] = page.body;
  await writeJson(path.join(dataDir, BODIES_FILE), bodies);
  await checked.ctx.cache.save();
  return pages;
}

/**
 * All of it at once (the standalone astro.config.mjs and `site dev` use this). The bodies come
 * first: in `site dev`, rewriting the pages file is what reloads the browser.
 */
export async function prepareSite(options: PrepareOptions): Promise<PreparedSite> {
  const checked = await checkSite(options);
  const planned = planPages(checked.ctx);
  const pages = await writeBodies(checked, planned, options.dataDir);
  await writePages(planned, options.dataDir);
  return { dataDir: path.resolve(options.dataDir), data: { ...checked.config, pages }, result: checked.result };
}

function sidebar(ctx: SiteContext): SidebarItem[] {
  const { summary, files, model } = ctx.result;
  const problems = summary.errors + summary.warnings + summary.infos;
  const docs = files.filter((file) => file.role === 'doc').length;
  return [
    { label: 'Overview', link: '/' },
    { label: 'Architecture', link: '/architecture/' },
    { label: 'Deployment guide', link: '/guide/' },
    ...(hasExpansionPath(ctx) ? [{ label: 'Expansion path', link: '/expansion/' }] : []),
    {
      label: 'Drift report',
      link: '/drift/',
      ...(problems > 0 ? { badge: { text: String(problems), variant: summary.errors > 0 ? ('danger' as const) : ('caution' as const) } } : {}),
    },
    { label: 'Architecture review', link: '/review/' },
    ...(docs > 0 ? [{ label: 'Documentation', autogenerate: { directory: 'docs' } }] : []),
    ...(model.workloads.length > 0 ? [{ label: 'Workloads', collapsed: true, autogenerate: { directory: 'workers' } }] : []),
    { label: 'Rules', collapsed: true, items: [{ label: 'All rules', link: '/rules/' }, { label: 'By area', autogenerate: { directory: 'rules' } }] },
    ...(files.length > 0 ? [{ label: 'Source files', collapsed: true, autogenerate: { directory: 'source', collapsed: true } }] : []),
  ];
}

/** Every page of the site from one check result, with its body still to render. */
export function planPages(ctx: SiteContext): PlannedPage[] {
  const facts = workloadFacts(ctx);
  const docs = docPages(ctx).map((page): PlannedPage => ({ page }));
  const main = [architecturePage(ctx, facts), guidePage(ctx), ...(hasExpansionPath(ctx) ? [expansionPage(ctx)] : []), driftPage(ctx), reviewPage(ctx)];
  const rules = rulePages(ctx);
  const overview = overviewPage(ctx, facts, [...main, rules[0]!].map((entry) => entry.page));
  const planned = [overview, ...main, ...docs, ...workerPages(ctx, facts), ...rules, ...sourcePages(ctx)];
  const ids = new Set<string>();
  for (const { page } of planned) {
    if (ids.has(page.id)) throw new Error(`two site pages share the route ${page.id}`);
    ids.add(page.id);
  }
  return planned;
}

/** Every page with its body rendered; the same result always gives the same pages. */
export async function sitePages(ctx: SiteContext): Promise<RenderedPage[]> {
  return renderPages(planPages(ctx));
}

async function renderPages(planned: readonly PlannedPage[]): Promise<RenderedPage[]> {
  return Promise.all(planned.map(async ({ page, body }) => (body ? { ...page, body: await body() } : page)));
}

/** The architecture review that `docdrift report` writes, as a page. */
function reviewPage(ctx: SiteContext): PlannedPage {
  return {
    page: { id: 'review', title: 'Architecture review', description: 'The architecture review docdrift writes from this check (docdrift report).' },
    body: async () => {
      const markdown = writeReview(ctx.result, {
        rules: ctx.rules,
        reference: loadReference(),
        defaultNamespace: ctx.result.config.namespace,
        clusterDomain: ctx.result.config.clusterDomain,
      });
      // The review's H1 is the page title; its text (finding messages included) is shown, never run, as HTML.
      // The root is named as the site names it, not by the path of the machine that built it.
      const body = markdown.replace(/^# .*$/m, '').replace(`**Root:** ${mdCode(ctx.result.root)}`, `**Root:** ${mdCode(rootLabel(ctx))}`);
      const rendered = await ctx.cache.get('markdown', body, () => renderMarkdown(body));
      return { ...rendered, html: linkLocations(ctx, rendered.html) };
    },
  };
}

/**
 * Every `file:line` (or `file`) in a code span of rendered HTML that names a checked file becomes a
 * link to that line of its source page.
 */
export function linkLocations(ctx: SiteContext, html: string): string {
  return html.replace(/<code>([^<:]+?)(?::(\d+)(?::\d+)?)?<\/code>/g, (whole, escapedFile: string, line: string | undefined) => {
    const href = ctx.routes.sourceHref(escapedFile.replace(/&amp;/g, '&'), line ? Number(line) : undefined);
    return href ? `<a href="${esc(href)}" class="dd-loc">${whole}</a>` : whole;
  });
}

export function normalizeBase(base: string | undefined): string {
  if (!base) return '/';
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}
