import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../engine/analyze.ts';
import { check } from '../index.ts';
import { loadReference } from '../model/reference.ts';
import { writeReview } from '../report/review.ts';
import type { Rule } from '../rules/define-rule.ts';
import { rules as allRules } from '../rules/index.ts';
import { architecturePage } from './architecture.ts';
import { createContext, type SiteContext } from './context.ts';
import { docPages } from './docs.ts';
import { driftPage } from './drift.ts';
import { expansionPage } from './expansion.ts';
import { workloadFacts } from './facts.ts';
import { renderMarkdown } from './markdown.ts';
import { overviewPage } from './overview.ts';
import { rulePages } from './rules.ts';
import { sourcePages } from './source.ts';
import type { SidebarItem, SiteConfig, SiteData, SitePage } from './types.ts';
import { workerPages } from './workers.ts';

/** The files Astro reads: the site's configuration (astro.config.mjs) and its pages (the content loader). */
export const CONFIG_FILE = 'site-config.json';
export const PAGES_FILE = 'site-pages.json';

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
  rules?: readonly Rule[];
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
 * The first half of a build: runs the check once and writes the site's configuration (title,
 * sidebar), which is all Astro needs to start. The pages follow with writePages().
 */
export async function checkSite(options: PrepareOptions): Promise<CheckedSite> {
  const result = await check({ root: options.root, ...(options.configPath ? { configPath: options.configPath } : {}) });
  const rootDir = path.resolve(options.root);
  const base = normalizeBase(options.base);
  const ctx = await createContext(result, rootDir, options.rules ?? allRules, base);
  const config: SiteConfig = { version: 1, title: options.title ?? `docdrift: ${path.basename(rootDir) || rootDir}`, base, sidebar: sidebar(ctx) };
  await mkdir(options.dataDir, { recursive: true });
  await writeJson(path.join(options.dataDir, CONFIG_FILE), config);
  return { result, ctx, config };
}

/** The second half: every page, computed from the check result, written for the content loader. */
export async function writePages(checked: CheckedSite, dataDir: string): Promise<SiteData> {
  const pages = await sitePages(checked.ctx);
  await writeJson(path.join(dataDir, PAGES_FILE), pages);
  return { ...checked.config, pages };
}

/** Both halves at once (the standalone astro.config.mjs and `site dev` use this). */
export async function prepareSite(options: PrepareOptions): Promise<PreparedSite> {
  const checked = await checkSite(options);
  const data = await writePages(checked, options.dataDir);
  return { dataDir: path.resolve(options.dataDir), data, result: checked.result };
}

/** Written to a temporary name and renamed, so a reader never sees half a file. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(value));
  await rename(temporary, file);
}

function sidebar(ctx: SiteContext): SidebarItem[] {
  const { summary, files, model } = ctx.result;
  const problems = summary.errors + summary.warnings + summary.infos;
  const guide = ctx.routes.guideDoc !== undefined;
  const docs = files.filter((file) => file.role === 'doc').length - (guide ? 1 : 0);
  return [
    { label: 'Overview', link: '/' },
    { label: 'Architecture', link: '/architecture/' },
    ...(guide ? [{ label: 'Deployment guide', link: '/guide/' }] : []),
    { label: 'Expansion path', link: '/expansion/' },
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

/** Every page of the site from one check result; the same result always gives the same pages. */
export async function sitePages(ctx: SiteContext): Promise<SitePage[]> {
  const facts = workloadFacts(ctx);
  const docs = docPages(ctx);
  const guide = docs.find((page) => page.id === 'guide');
  const main: SitePage[] = [await architecturePage(ctx, facts), ...(guide ? [guide] : []), await expansionPage(ctx), driftPage(ctx), await reviewPage(ctx)];
  const rules = await rulePages(ctx);
  const overview = overviewPage(ctx, facts, [...main, rules[0]!]);
  const pages: SitePage[] = [overview, ...main, ...docs.filter((page) => page !== guide), ...workerPages(ctx, facts), ...rules, ...(await sourcePages(ctx))];
  const ids = new Set<string>();
  for (const page of pages) {
    if (ids.has(page.id)) throw new Error(`two site pages share the route ${page.id}`);
    ids.add(page.id);
  }
  return pages;
}

/** The architecture review that `docdrift report` writes, as a page. */
async function reviewPage(ctx: SiteContext): Promise<SitePage> {
  const markdown = writeReview(ctx.result, {
    rules: ctx.rules,
    reference: loadReference(),
    defaultNamespace: ctx.result.config.namespace,
    clusterDomain: ctx.result.config.clusterDomain,
  });
  // The review's H1 is the page title; its text (finding messages included) is shown, never run, as HTML.
  const { html, headings } = await renderMarkdown(markdown.replace(/^# .*$/m, ''));
  return {
    id: 'review',
    title: 'Architecture review',
    description: 'The architecture review docdrift writes from this check (docdrift report).',
    html,
    headings,
  };
}

export function normalizeBase(base: string | undefined): string {
  if (!base) return '/';
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}
