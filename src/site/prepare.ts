import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../engine/analyze.ts';
import { check } from '../index.ts';
import { rules as allRules } from '../rules/index.ts';
import type { Rule } from '../rules/define-rule.ts';
import { loadReference } from '../model/reference.ts';
import { writeReview } from '../report/review.ts';
import { architecturePage } from './architecture.ts';
import { createContext, type SiteContext } from './context.ts';
import { docPages } from './docs.ts';
import { renderMarkdown } from './markdown.ts';
import { driftPage } from './drift.ts';
import { expansionPage } from './expansion.ts';
import { workloadFacts } from './facts.ts';
import { overviewPage } from './overview.ts';
import { rulePages } from './rules.ts';
import { sourcePages } from './source.ts';
import { workerPages } from './workers.ts';
import type { SidebarItem, SiteData, SitePage } from './types.ts';

export interface PrepareOptions {
  /** The deployment folder to check. */
  root: string;
  configPath?: string;
  /** Where the data file is written. */
  dataDir: string;
  /** Base path the site will be served from; '/' by default. */
  base?: string;
  /** Site title; "docdrift: <root folder name>" by default. */
  title?: string;
}

export interface PreparedSite {
  dataFile: string;
  data: SiteData;
  result: CheckResult;
}

/** Runs the check once and writes every page of the site, computed from its result, to one JSON file. */
export async function prepareSite(options: PrepareOptions): Promise<PreparedSite> {
  const result = await check({ root: options.root, ...(options.configPath ? { configPath: options.configPath } : {}) });
  const data = await siteData(result, { rootDir: path.resolve(options.root), base: normalizeBase(options.base), title: options.title });
  await mkdir(options.dataDir, { recursive: true });
  const dataFile = path.join(path.resolve(options.dataDir), 'site-data.json');
  await writeFile(dataFile, JSON.stringify(data));
  return { dataFile, data, result };
}

export interface SiteDataOptions {
  rootDir: string;
  base: string;
  title?: string | undefined;
  rules?: readonly Rule[];
}

/** Every page of the site from one check result; the same result always gives the same data. */
export async function siteData(result: CheckResult, options: SiteDataOptions): Promise<SiteData> {
  const ctx = await createContext(result, options.rootDir, options.rules ?? allRules, options.base);
  const facts = workloadFacts(ctx);
  const docs = docPages(ctx);
  const guide = docs.find((page) => page.id === 'guide');
  const main: SitePage[] = [
    await architecturePage(ctx, facts),
    ...(guide ? [guide] : []),
    await expansionPage(ctx),
    driftPage(ctx),
    await reviewPage(ctx),
  ];
  const rules = await rulePages(ctx);
  const overview = overviewPage(ctx, facts, [...main, rules[0]!]);
  const pages: SitePage[] = [overview, ...main, ...docs.filter((page) => page !== guide), ...workerPages(ctx, facts), ...rules, ...(await sourcePages(ctx))];
  const { summary } = result;
  const problems = summary.errors + summary.warnings + summary.infos;
  const sidebar: SidebarItem[] = [
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
    ...(docs.length > (guide ? 1 : 0) ? [{ label: 'Documentation', autogenerate: { directory: 'docs' } }] : []),
    ...(facts.length > 0 ? [{ label: 'Workloads', collapsed: true, autogenerate: { directory: 'workers' } }] : []),
    { label: 'Rules', collapsed: true, items: [{ label: 'All rules', link: '/rules/' }, { label: 'By area', autogenerate: { directory: 'rules' } }] },
    { label: 'Source files', collapsed: true, autogenerate: { directory: 'source', collapsed: true } },
  ];
  const name = path.basename(options.rootDir) || options.rootDir;
  const ids = new Set<string>();
  for (const page of pages) {
    if (ids.has(page.id)) throw new Error(`two site pages share the route ${page.id}`);
    ids.add(page.id);
  }
  return { version: 1, title: options.title ?? `docdrift: ${name}`, base: options.base, sidebar, pages };
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
