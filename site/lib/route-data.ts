/**
 * Starlight route middleware: a page docdrift renders itself gets its headings, and so its table
 * of contents, from its body (site-bodies.json), which the content store does not hold.
 */
import type { SiteHeading } from '../../src/site/types.ts';
import { pageBody } from './site-data.ts';

/**
 * The part of Starlight's locals this reads and changes. (Starlight's own types come as TypeScript
 * sources that only Astro's build compiles; defineRouteMiddleware would only return the function.)
 */
interface StarlightLocals {
  starlightRoute: {
    entry: { id: string };
    headings: SiteHeading[];
    toc: { minHeadingLevel: number; maxHeadingLevel: number; items: TocItem[] } | undefined;
  };
  t: (key: 'tableOfContents.overview') => string;
}

interface TocItem extends SiteHeading {
  children: TocItem[];
}

export async function onRequest(context: { locals: unknown }): Promise<void> {
  const locals = context.locals as StarlightLocals;
  const route = locals.starlightRoute;
  const body = await pageBody(route.entry.id);
  if (!body) return;
  route.headings = body.headings;
  if (route.toc) route.toc.items = tocItems(body.headings, route.toc, locals.t('tableOfContents.overview'));
}

/** As Starlight nests headings: the page title first, each heading under the last shallower one. */
function tocItems(headings: readonly SiteHeading[], levels: { minHeadingLevel: number; maxHeadingLevel: number }, overview: string): TocItem[] {
  const items: TocItem[] = [{ depth: 2, slug: '_top', text: overview, children: [] }];
  for (const heading of headings) {
    if (heading.depth < levels.minHeadingLevel || heading.depth > levels.maxHeadingLevel) continue;
    let siblings = items;
    while (siblings.at(-1) && siblings.at(-1)!.depth < heading.depth) siblings = siblings.at(-1)!.children;
    siblings.push({ ...heading, children: [] });
  }
  return items;
}
