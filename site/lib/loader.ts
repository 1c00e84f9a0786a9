/**
 * Astro content loader for the `docs` collection: every page of the site, read from the
 * site-pages.json that `docdrift site` writes into DOCDRIFT_SITE_DIR (while Astro starts, so the
 * loader waits for it). Markdown pages (the checked docs) are rendered through Astro's Markdown
 * pipeline (Expressive Code, the haproxy grammar, the docdrift remark plugin); HTML pages are
 * stored as rendered. In dev the file is watched and the collection reloads when docdrift rewrites it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import type { SitePage } from '../../src/site/types.ts';
import { transformComment } from './remark.ts';

export const DATA_ENV = 'DOCDRIFT_SITE_DIR';
const PAGES_FILE = 'site-pages.json';
/** How long to wait for docdrift to write the pages (it computes them while Astro starts). */
const WAIT_MS = 10 * 60 * 1000;

export function docdriftLoader(): Loader {
  return {
    name: 'docdrift',
    async load(context: LoaderContext) {
      const dir = process.env[DATA_ENV];
      if (!dir) throw new Error(`${DATA_ENV} is not set: build the site with \`docdrift site build\``);
      const dataFile = path.join(dir, PAGES_FILE);
      await waitFor(dataFile);
      await sync(context, dataFile);
      const watcher = context.watcher;
      if (watcher) {
        watcher.add(dataFile);
        const reload = async (changed: string) => {
          if (path.resolve(changed) !== path.resolve(dataFile)) return;
          context.logger.info('docdrift pages changed, reloading');
          await sync(context, dataFile);
        };
        // docdrift replaces the file (write, then rename): watchers see a change or an add.
        watcher.on('change', reload);
        watcher.on('add', reload);
      }
    },
  };
}

async function waitFor(file: string): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`docdrift did not write ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function sync(context: LoaderContext, dataFile: string): Promise<void> {
  const pages = JSON.parse(await readFile(dataFile, 'utf8')) as SitePage[];
  const { store } = context;
  const ids = new Set(pages.map((page) => page.id));
  for (const id of store.keys()) if (!ids.has(id)) store.delete(id);
  for (const page of pages) {
    const digest = context.generateDigest(JSON.stringify(page));
    if (store.get(page.id)?.digest === digest) continue;
    const entryData = await context.parseData({ id: page.id, data: frontmatter(page) });
    const rendered =
      page.markdown !== undefined
        ? await context.renderMarkdown(page.transform ? `${page.markdown}\n\n${transformComment(page.transform)}\n` : page.markdown)
        : { html: page.html ?? '', metadata: { headings: page.headings ?? [] } };
    store.set({ id: page.id, data: entryData, rendered, digest });
  }
}

function frontmatter(page: SitePage): Record<string, unknown> {
  return {
    title: page.title,
    ...(page.description ? { description: page.description } : {}),
    editUrl: false,
    pagefind: page.pagefind ?? true,
    ...(page.tableOfContents === false ? { tableOfContents: false } : {}),
    ...(page.sidebar ? { sidebar: page.sidebar } : {}),
  };
}
