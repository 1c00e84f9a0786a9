import path from 'node:path/posix';
import type { MarkdownDocument } from '../parse/markdown.ts';
import type { SiteContext } from './context.ts';
import { findingAside } from './findings.ts';
import { editUrl } from './git.ts';
import { el, esc, link } from './html.ts';
import type { MarkdownTransform, SitePage } from './types.ts';

/**
 * A page per Markdown doc, rendered from the doc itself: the title comes from the frontmatter or
 * the first H1 (which is then not repeated in the body), relative links lead to site routes, and
 * every finding at a line of the doc (or related to one) is shown as an aside after that block.
 */
/** Titles of the pages docdrift generates: a doc with the same title gets its file name in the sidebar, so no entry shows twice. */
const GENERATED_TITLES = new Set(['overview', 'architecture', 'deployment guide', 'expansion path', 'drift report', 'architecture review', 'rules reference']);

export function docPages(ctx: SiteContext): SitePage[] {
  return ctx.docs.map((doc) => docPage(ctx, doc));
}

function docPage(ctx: SiteContext, doc: MarkdownDocument): SitePage {
  const text = ctx.texts.get(doc.file) ?? '';
  const lines = text.split(/\r\n|\r|\n/);
  // Blank, not remove, what is not rendered: every other line keeps its number.
  const frontmatter = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  const frontmatterLines = frontmatter ? frontmatter[0].split(/\r\n|\r|\n/).length - (frontmatter[0].endsWith('\n') ? 1 : 0) : 0;
  for (let i = 0; i < frontmatterLines; i++) lines[i] = '';
  const first = doc.headings[0];
  const titleHeading = first && first.depth === 1 ? first : undefined;
  if (titleHeading) for (let line = titleHeading.source.line; line <= titleHeading.source.endLine; line++) lines[line - 1] = '';
  const title = doc.title ?? titleHeading?.text ?? path.basename(doc.file).replace(/\.(md|markdown)$/i, '');

  const links: MarkdownTransform['links'] = {};
  for (const entry of doc.links) if (entry.kind !== 'image') links[entry.url] = ctx.routes.resolveDocLink(doc.file, entry.url);

  const asides: MarkdownTransform['asides'] = [];
  for (const finding of ctx.result.findings) {
    const number = ctx.numbers.get(finding)!;
    if (finding.file === doc.file) asides.push({ line: finding.line, html: findingAside(ctx, finding, number) });
    finding.related.forEach((related, index) => {
      if (related.file === doc.file) asides.push({ line: related.line, html: findingAside(ctx, finding, number, index) });
    });
  }
  asides.sort((a, b) => a.line - b.line);

  return {
    id: ctx.routes.docRoute(doc.file)!,
    title,
    description: `${doc.file}, with docdrift's findings at the lines they concern.`,
    markdown: lines.join('\n'),
    transform: { neutralizeHtml: true, links, asides, detectHaproxy: true, before: sourceNote(ctx, doc.file) },
    ...fileHistory(ctx, doc.file),
    sidebar: { label: GENERATED_TITLES.has(title.toLowerCase()) ? `${title} (${path.basename(doc.file)})` : title },
  };
}

/** "Source: docs/a.md · last changed 2026-03-01 · edit": the file behind a page, its history and its host. */
function sourceNote(ctx: SiteContext, file: string): string {
  const history = fileHistory(ctx, file);
  return el(
    'p',
    { class: 'dd-doc-source' },
    'Source: ',
    link(ctx.routes.sourceHref(file)!, file),
    history.lastUpdated ? ` · last changed ${esc(history.lastUpdated.slice(0, 10))}` : '',
    history.editUrl ? ` · ${link(history.editUrl, 'edit it')}` : '',
  );
}

/** The edit link and last change of a file, when git (or --edit-url) knows them. */
export function fileHistory(ctx: SiteContext, file: string): { editUrl?: string; lastUpdated?: string } {
  const { git } = ctx;
  const edit = ctx.editTemplate ? ctx.editTemplate.replaceAll('{path}', `${git?.prefix ?? ''}${file}`) : git ? editUrl(git, file) : undefined;
  const changed = git?.lastChanged.get(file);
  return { ...(edit ? { editUrl: edit } : {}), ...(changed ? { lastUpdated: changed } : {}) };
}
