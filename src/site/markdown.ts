/**
 * Markdown → HTML for the pages docdrift writes itself (the review, the rules, the expansion path):
 * rendered here, once, rather than in Astro's Markdown pipeline, whose Expressive Code costs tens of
 * milliseconds per code block. Raw HTML in the Markdown is shown as text; code blocks are coloured
 * by Shiki (light and dark, the haproxy grammar included); headings get GitHub-style ids.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Code, Heading, Html, Nodes, Parents, Root } from 'mdast';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toHast, type State } from 'mdast-util-to-hast';
import { toString } from 'mdast-util-to-string';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import type { Highlighter } from 'shiki';
import { unified } from 'unified';
import { Slugger } from '../parse/markdown-slug.ts';
import { getHighlighter, languageFor, shikiColors, StyleClasses, THEMES } from './highlight.ts';
import type { SiteHeading } from './types.ts';

const processor = unified().use(remarkParse).data('micromarkExtensions', [gfmTable()]).data('fromMarkdownExtensions', [gfmTableFromMarkdown()]);

export interface RenderedMarkdown {
  html: string;
  /** h2 and h3, for the page's table of contents. */
  headings: SiteHeading[];
}

export async function renderMarkdown(markdown: string): Promise<RenderedMarkdown> {
  const shiki = await getHighlighter();
  const tree = processor.parse(markdown) as Root;
  neutralizeHtml(tree);
  const slugger = new Slugger();
  const styles = new StyleClasses('.dd-code');
  const headings: SiteHeading[] = [];
  const hast = toHast(tree, {
    handlers: {
      heading: (state: State, node: Heading): Element => {
        const text = toString(node);
        const id = slugger.slug(text);
        if (node.depth === 2 || node.depth === 3) headings.push({ depth: node.depth, slug: id, text });
        const element: Element = { type: 'element', tagName: `h${node.depth}`, properties: { id }, children: state.all(node) };
        state.patch(node, element);
        return element;
      },
      code: (_state: State, node: Code): Element => codeBlock(shiki, node, styles),
    },
  }) as HastRoot;
  return { html: styles.style() + toHtml(hast), headings };
}

/** A Shiki-coloured block in a figure, titled by a `title="…"` in the info string. */
function codeBlock(shiki: Highlighter, node: Code, styles: StyleClasses): Element {
  const lang = languageFor(shiki, node.lang);
  const highlighted = shiki.codeToHast(node.value, { lang, themes: THEMES, defaultColor: false });
  const pre = highlighted.children.find((child): child is Element => child.type === 'element')!;
  delete pre.properties['style'];
  classify(pre, styles);
  const title = /(?:^|\s)title="([^"]*)"/.exec(node.meta ?? '')?.[1];
  const children: ElementContent[] = [];
  if (title) children.push({ type: 'element', tagName: 'figcaption', properties: { className: ['dd-code-title'] }, children: [{ type: 'text', value: title }] });
  children.push(pre, copyButton());
  return { type: 'element', tagName: 'figure', properties: { className: ['dd-code'], dataLanguage: lang }, children };
}

/** The copy button of a code block; site/lib/copy-code.js makes it copy the block's text. */
function copyButton(): Element {
  return {
    type: 'element',
    tagName: 'button',
    properties: { type: 'button', className: ['dd-copy'], title: 'Copy to clipboard', dataPagefindIgnore: true },
    children: [{ type: 'text', value: 'Copy' }],
  };
}

/** Inline token styles become classes: tokens of the default colour lose their span. */
function classify(parent: Element, styles: StyleClasses): void {
  parent.children = parent.children.flatMap((child): ElementContent[] => {
    if (child.type !== 'element') return [child];
    const style = child.properties['style'];
    if (child.tagName === 'span' && typeof style === 'string') {
      const { light, dark, italic } = shikiColors(style);
      const name = styles.classFor(light, dark, italic);
      delete child.properties['style'];
      if (!name) return child.children;
      child.properties['className'] = [name];
      return [child];
    }
    classify(child, styles);
    return [child];
  });
}

/** Raw HTML becomes the text it is (comments disappear): generated pages quote docs and manifests. */
function neutralizeHtml(parent: Parents): void {
  const children = parent.children as Nodes[];
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type === 'html') {
      const html = node as Html;
      if (/^\s*<!--[\s\S]*-->\s*$/.test(html.value)) {
        children.splice(i, 1);
        i--;
        continue;
      }
      const text = { type: 'text' as const, value: html.value };
      const flow = parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem';
      children[i] = flow ? { type: 'paragraph', children: [text] } : text;
    } else if ('children' in node) {
      neutralizeHtml(node);
    }
  }
}
