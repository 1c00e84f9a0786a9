/**
 * Astro content loader for the `docs` collection: every page of the site, read from the
 * site-pages.json that `docdrift site` writes into DOCDRIFT_SITE_DIR (while Astro starts, so the
 * loader waits for it). Markdown pages (the checked docs) are rendered through Astro's Markdown
 * pipeline (Expressive Code, the haproxy grammar, the docdrift remark plugin); the body of every
 * other page is added when the page is rendered (see MarkdownContent and route-data.ts).
 * In dev the pages file is watched and the collection reloads when docdrift rewrites it.
 */
import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import type { SitePage } from '../../src/site/types.ts';
import { transformComment } from './remark.ts';
import { dataFile, readBodies, readPages, waitFor } from './site-data.ts';

export function docdriftLoader(): Loader {
  return {
    name: 'docdrift',
    async load(context: LoaderContext) {
      const pagesFile = dataFile('site-pages.json');
      await waitFor(pagesFile);
      await sync(context);
      const watcher = context.watcher;
      if (watcher) {
        watcher.add(pagesFile);
        const reload = async (changed: string) => {
          if (path.resolve(changed) !== path.resolve(pagesFile)) return;
          context.logger.info('docdrift pages changed, reloading');
          await sync(context);
        };
        // docdrift replaces the file (write, then rename): watchers see a change or an add.
        watcher.on('change', reload);
        watcher.on('add', reload);
      }
    },
  };
}

async function sync(context: LoaderContext): Promise<void> {
  const pages = await readPages();
  // In dev the bodies are written before the pages: a page whose body changed gets a new digest and reloads.
  const bodies = context.watcher ? await readBodies() : {};
  const { store } = context;
  // Everything is computed before the store changes: Astro saves the store 500 ms after a change,
  // and a save still running when the sync ends can leave the bundled store without the last pages.
  const entries: Parameters<typeof store.set>[0][] = [];
  for (const page of pages) {
    const digest = context.generateDigest(JSON.stringify([page, bodies[page.id]]));
    if (store.get(page.id)?.digest === digest) continue;
    const data = await context.parseData({ id: page.id, data: frontmatter(page) });
    if (page.markdown === undefined) entries.push({ id: page.id, data, digest });
    else {
      const markdown = page.transform ? `${page.markdown}\n\n${transformComment(page.transform)}\n` : page.markdown;
      entries.push({ id: page.id, data, rendered: await context.renderMarkdown(markdown), digest });
    }
  }
  const ids = new Set(pages.map((page) => page.id));
  for (const id of store.keys()) if (!ids.has(id)) store.delete(id);
  for (const entry of entries) store.set(entry);
}

function frontmatter(page: SitePage): Record<string, unknown> {
  return {
    title: page.title,
    ...(page.description ? { description: page.description } : {}),
    editUrl: page.editUrl ?? false,
    ...(page.lastUpdated ? { lastUpdated: new Date(page.lastUpdated) } : {}),
    pagefind: page.pagefind ?? true,
    ...(page.tableOfContents === false ? { tableOfContents: false } : {}),
    ...(page.sidebar ? { sidebar: page.sidebar } : {}),
  };
}
