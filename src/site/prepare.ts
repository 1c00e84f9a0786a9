import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../engine/analyze.ts';
import { check } from '../index.ts';
import { rules as allRules } from '../rules/index.ts';
import type { Rule } from '../rules/define-rule.ts';
import { createContext } from './context.ts';
import { docPages } from './docs.ts';
import { sourcePages } from './source.ts';
import type { SiteData, SidebarItem, SitePage } from './types.ts';

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
  const pages: SitePage[] = [...docPages(ctx), ...(await sourcePages(ctx))];
  pages.push({ id: 'index', title: 'Overview', html: '<p>Overview</p>', headings: [] });
  const hasGuide = pages.some((page) => page.id === 'guide');
  const sidebar: SidebarItem[] = [
    { label: 'Overview', link: '/' },
    ...(hasGuide ? [{ label: 'Deployment guide', link: '/guide/' }] : []),
    { label: 'Documentation', autogenerate: { directory: 'docs' } },
    { label: 'Source files', collapsed: true, autogenerate: { directory: 'source', collapsed: true } },
  ];
  const name = path.basename(options.rootDir) || options.rootDir;
  return { version: 1, title: options.title ?? `docdrift: ${name}`, base: options.base, sidebar, pages: pages.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

export function normalizeBase(base: string | undefined): string {
  if (!base) return '/';
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}
