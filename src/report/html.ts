import type { Element, ElementContent, Nodes, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toHast } from 'mdast-util-to-hast';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { headingSlug } from './markdown-writer.ts';

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #f6f8fa; --line: #d0d7de; --link: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #161b22; --line: #30363d; --link: #4493f8; } }
* { box-sizing: border-box; }
body { font: 16px/1.55 system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 60rem; margin: 2rem auto; padding: 0 1rem; overflow-wrap: break-word; }
a { color: var(--link); }
code, pre { font-family: ui-monospace, monospace; font-size: 0.9em; background: var(--muted); border-radius: 4px; }
code { padding: 0.1em 0.3em; overflow-wrap: anywhere; }
pre { padding: 0.8rem; overflow-x: auto; max-width: 100%; }
pre code { padding: 0; overflow-wrap: normal; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.6rem; }
h1, h2, h3, h4 { line-height: 1.25; overflow-wrap: anywhere; scroll-margin-top: 1rem; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
.anchor { margin-left: 0.4rem; text-decoration: none; opacity: 0.4; font-weight: normal; }
.anchor:hover, .anchor:focus { opacity: 1; }
nav.toc { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; }
nav.toc ul { padding-left: 1.2rem; margin: 0.2rem 0; }
details { margin: 0.5rem 0; }
summary { cursor: pointer; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #f4f4f4; --line: #999; --link: #000; }
  body { max-width: none; margin: 0; font-size: 11pt; }
  nav.toc, .anchor { display: none; }
  a { text-decoration: none; }
  pre { white-space: pre-wrap; overflow: visible; }
  h2, h3 { break-after: avoid; }
  pre, li { break-inside: avoid; }
  details::details-content { content-visibility: visible; display: contents; }
  summary { list-style: none; font-style: italic; }
}
`;

export interface HtmlOptions {
  title: string;
  /** The checked files (root-relative): inline code naming one of them, with or without `:line`, becomes a link. */
  files: ReadonlySet<string>;
  /** How a file:line link is written: a web URL or a relative path. */
  fileUrl: (file: string, line: number | undefined) => string;
}

/**
 * The review as one self-contained HTML page: a table of contents, an anchor on every heading,
 * file:line links, a print stylesheet and dark mode by media query; no scripts, no network assets.
 */
export function reviewToHtml(markdown: string, options: HtmlOptions): string {
  const processor = unified().use(remarkParse).data('micromarkExtensions', [gfmTable()]).data('fromMarkdownExtensions', [gfmTableFromMarkdown()]);
  const tree = toHast(processor.parse(markdown), { allowDangerousHtml: true }) as Root;
  // The markdownlint directive at the top is for Markdown linters only.
  tree.children = tree.children.filter((node) => !(node.type === 'raw' && node.value.startsWith('<!--')));
  const headings = anchorHeadings(tree);
  linkFiles(tree, options);
  insertToc(tree, headings);
  const body = toHtml(tree, { allowDangerousHtml: true });
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(options.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

interface Heading {
  depth: number;
  id: string;
  text: string;
}

/** Every heading gets the id its Markdown links use, and a visible # link to itself. */
function anchorHeadings(tree: Root): Heading[] {
  const headings: Heading[] = [];
  const used = new Map<string, number>();
  for (const node of tree.children) {
    if (node.type !== 'element' || !/^h[1-6]$/.test(node.tagName)) continue;
    const text = textOf(node);
    const base = headingSlug(text);
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    const id = count === 0 ? base : `${base}-${count}`;
    node.properties = { ...node.properties, id };
    node.children.push({ type: 'element', tagName: 'a', properties: { className: ['anchor'], href: `#${id}`, ariaLabel: `Link to ${text}` }, children: [{ type: 'text', value: '#' }] });
    headings.push({ depth: Number(node.tagName.slice(1)), id, text });
  }
  return headings;
}

/** The table of contents (sections and issues), after the header list under the title. */
function insertToc(tree: Root, headings: Heading[]): void {
  const sections = headings.filter((heading) => heading.depth === 2);
  if (sections.length < 2) return;
  const item = (heading: Heading, children: ElementContent[] = []): Element => ({
    type: 'element',
    tagName: 'li',
    properties: {},
    children: [{ type: 'element', tagName: 'a', properties: { href: `#${heading.id}` }, children: [{ type: 'text', value: heading.text }] }, ...children],
  });
  const list = (items: Element[]): Element => ({ type: 'element', tagName: 'ul', properties: {}, children: items });
  const items = sections.map((section) => {
    const start = headings.indexOf(section);
    const next = headings.findIndex((heading, index) => index > start && heading.depth <= 2);
    // Issues are listed under their section; other subsections would make the contents as long as the page.
    const issues = headings.slice(start + 1, next === -1 ? undefined : next).filter((heading) => heading.depth === 3 && /^\d+\. /.test(heading.text));
    return item(section, issues.length > 0 ? [list(issues.map((issue) => item(issue)))] : []);
  });
  const nav: Element = {
    type: 'element',
    tagName: 'nav',
    properties: { className: ['toc'], ariaLabel: 'Contents' },
    children: [{ type: 'element', tagName: 'strong', properties: {}, children: [{ type: 'text', value: 'Contents' }] }, list(items)],
  };
  const firstSection = tree.children.findIndex((node) => node.type === 'element' && node.tagName === 'h2');
  tree.children.splice(firstSection, 0, nav, { type: 'text', value: '\n' });
}

/** Inline code that names a checked file (`path` or `path:line`) becomes a link to it. */
function linkFiles(tree: Root, options: HtmlOptions): void {
  const visit = (parent: Root | Element) => {
    parent.children = parent.children.map((child): RootContent => {
      if (child.type !== 'element') return child;
      if (child.tagName === 'pre' || child.tagName === 'a') return child;
      if (child.tagName === 'code') {
        const match = /^(.+?)(?::(\d+))?$/.exec(textOf(child));
        if (match && options.files.has(match[1]!)) {
          const line = match[2] === undefined ? undefined : Number(match[2]);
          return { type: 'element', tagName: 'a', properties: { href: options.fileUrl(match[1]!, line) }, children: [child] };
        }
        return child;
      }
      visit(child);
      return child;
    }) as typeof parent.children;
  };
  visit(tree);
}

function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' || node.type === 'root') return node.children.map(textOf).join('');
  return '';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
