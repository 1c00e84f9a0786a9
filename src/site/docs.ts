import path from 'node:path/posix';
import type { MarkdownDocument } from '../parse/markdown.ts';
import type { SiteContext } from './context.ts';
import { findingAside } from './findings.ts';
import type { MarkdownTransform, SitePage } from './types.ts';

/**
 * A page per Markdown doc, rendered from the doc itself: the title comes from the frontmatter or
 * the first H1 (which is then not repeated in the body), relative links lead to site routes, and
 * every finding at a line of the doc (or related to one) is shown as an aside after that block.
 * The doc chosen as deployment guide is published at /guide/.
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

  const route = ctx.routes.docRoute(doc.file)!;
  const isGuide = route === 'guide';
  return {
    id: route,
    title,
    description: isGuide ? `The deployment guide (${doc.file}), with docdrift's findings at the lines they concern.` : `${doc.file}, as checked by docdrift.`,
    markdown: lines.join('\n'),
    transform: { neutralizeHtml: true, links, asides, detectHaproxy: true },
    ...(isGuide ? {} : { sidebar: { label: GENERATED_TITLES.has(title.toLowerCase()) ? `${title} (${path.basename(doc.file)})` : title } }),
  };
}
