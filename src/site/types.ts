/**
 * The contract between `docdrift site` (which computes everything from one check result)
 * and the Astro project in `site/` (which only renders what it is given): plain JSON files,
 * written once per build into the folder DOCDRIFT_SITE_DIR names.
 */

/** A heading of a page docdrift renders itself, for Starlight's "On this page" list. */
export interface SiteHeading {
  depth: number;
  slug: string;
  text: string;
}

/** What the Markdown pipeline does to one page rendered from Markdown (applied by site/lib/remark.ts). */
export interface MarkdownTransform {
  /** Raw HTML in the Markdown is shown as text (a few harmless tags excepted); comments are dropped. */
  neutralizeHtml: boolean;
  /** Link URL as written → site href; null: the target is not on the site, the link becomes text. */
  links: Record<string, string | null>;
  /** HTML inserted after the top-level block that contains `line` (already escaped). */
  asides: { line: number; html: string }[];
  /** HTML put before the first block (already escaped): where the page comes from. */
  before?: string;
  /** Give unlabelled code blocks that are haproxy.cfg the haproxy grammar. */
  detectHaproxy?: boolean;
}

/**
 * A page as Astro's content layer holds it (site-pages.json): everything Astro needs before it
 * bundles the site. Pages rendered from Markdown (the checked docs) carry their Markdown; the
 * body of every other page follows separately (see PageBody).
 */
export interface SitePage {
  /** Route slug without leading or trailing slash; `index` is the home page. */
  id: string;
  title: string;
  description?: string;
  markdown?: string;
  transform?: MarkdownTransform;
  pagefind?: boolean;
  tableOfContents?: boolean;
  /** Where the file behind the page is edited on its host (Starlight's "Edit page" link). */
  editUrl?: string;
  /** When the file behind the page last changed (ISO 8601, from git). */
  lastUpdated?: string;
  sidebar?: { order?: number; label?: string; hidden?: boolean };
}

/**
 * The body of a page docdrift renders itself (site-bodies.json, by page id). Astro needs it only
 * when it renders the page, so it is computed while Astro bundles the site.
 */
export interface PageBody {
  html: string;
  /** For the page's table of contents. */
  headings: SiteHeading[];
}

/** A page, and how to render its body unless it is rendered from Markdown. */
export interface PlannedPage {
  page: SitePage;
  body?: () => Promise<PageBody>;
}

/** A page with its body rendered. */
export type RenderedPage = SitePage & { body?: PageBody };

export type SidebarItem =
  | { label: string; link: string; badge?: { text: string; variant: 'note' | 'danger' | 'success' | 'caution' | 'tip' | 'default' } }
  | { label: string; collapsed?: boolean; items: SidebarItem[] }
  | { label: string; collapsed?: boolean; autogenerate: { directory: string; collapsed?: boolean } };

/** What astro.config.mjs reads (site-config.json): enough to start Astro before the pages exist. */
export interface SiteConfig {
  version: 1;
  /** Site title shown in the header. */
  title: string;
  /** Base path the site is served from ('/' by default), as Astro's `base`. */
  base: string;
  sidebar: SidebarItem[];
  /** The commit of the checked repository the site was built from (the footer shows it). */
  build?: { commit: string; date: string; url?: string };
}

/** The configuration and the pages. */
export interface SiteData extends SiteConfig {
  pages: RenderedPage[];
}
