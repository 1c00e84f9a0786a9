/**
 * Astro content loader for the `docs` collection: every page of the site, read from the
 * SiteData JSON that `docdrift site` wrote (its path is in DOCDRIFT_SITE_DATA). Markdown pages
 * are rendered through Astro's Markdown pipeline (Expressive Code, the haproxy grammar, the
 * docdrift remark plugin); HTML pages are stored as rendered. In dev the file is watched and
 * the collection reloads when docdrift rewrites it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import type { SiteData, SitePage } from '../../src/site/types.ts';
import { transformComment } from './remark.ts';

export const DATA_ENV = 'DOCDRIFT_SITE_DATA';

export function docdriftLoader(): Loader {
  return {
    name: 'docdrift',
    async load(context: LoaderContext) {
      const dataFile = process.env[DATA_ENV];
      if (!dataFile) throw new Error(`${DATA_ENV} is not set: build the site with \`docdrift site build\``);
      await sync(context, dataFile);
      const watcher = context.watcher;
      if (watcher) {
        watcher.add(dataFile);
        watcher.on('change', async (changed) => {
          if (path.resolve(changed) !== path.resolve(dataFile)) return;
          context.logger.info('docdrift data changed, reloading pages');
          await sync(context, dataFile);
        });
      }
    },
  };
}

async function sync(context: LoaderContext, dataFile: string): Promise<void> {
  const data = JSON.parse(await readFile(dataFile, 'utf8')) as SiteData;
  const { store } = context;
  const ids = new Set(data.pages.map((page) => page.id));
  for (const id of store.keys()) if (!ids.has(id)) store.delete(id);
  for (const page of data.pages) {
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
