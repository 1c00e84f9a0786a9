/**
 * The files `docdrift site` writes into DOCDRIFT_SITE_DIR while Astro runs (see
 * src/site/prepare.ts): site-pages.json, which the content loader waits for, and site-bodies.json,
 * which pages wait for when they are rendered.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PageBody, SiteConfig, SitePage } from '../../src/site/types.ts';

const DATA_ENV = 'DOCDRIFT_SITE_DIR';
/** How long to wait for a file (docdrift computes it while Astro runs). */
const WAIT_MS = 10 * 60 * 1000;

export function dataFile(name: 'site-config.json' | 'site-pages.json' | 'site-bodies.json'): string {
  const dir = process.env[DATA_ENV];
  if (!dir) throw new Error(`${DATA_ENV} is not set: build the site with \`docdrift site build\``);
  return path.join(dir, name);
}

export async function waitFor(file: string): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`docdrift did not write ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function readPages(): Promise<SitePage[]> {
  return JSON.parse(await readFile(dataFile('site-pages.json'), 'utf8')) as SitePage[];
}

/** The site's configuration (written before Astro starts rendering). */
export async function readConfig(): Promise<SiteConfig> {
  return JSON.parse(await readFile(dataFile('site-config.json'), 'utf8')) as SiteConfig;
}

let bodies: { modified: number; byId: Record<string, PageBody> } | undefined;

/**
 * Every page body by page id, once docdrift has written them. Read again only when docdrift
 * rewrites the file (`site dev`).
 */
export async function readBodies(): Promise<Record<string, PageBody>> {
  const file = dataFile('site-bodies.json');
  await waitFor(file);
  const modified = (await stat(file)).mtimeMs;
  if (bodies?.modified !== modified) bodies = { modified, byId: JSON.parse(await readFile(file, 'utf8')) as Record<string, PageBody> };
  return bodies.byId;
}

/**
 * The body of a page docdrift renders itself; undefined for a page rendered from Markdown. `id` is
 * Starlight's entry id, which is '' for the home page (docdrift's `index`).
 */
export async function pageBody(id: string): Promise<PageBody | undefined> {
  return (await readBodies())[id === '' ? 'index' : id];
}
